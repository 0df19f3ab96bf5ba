using System.Collections.Concurrent;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Collect.Spool;

/// <summary>
/// The spool as the collector owns it: one <see cref="TenantSpool"/> per tenant, made on first use.
/// Owning starts by taking the spool's lock file (a second collector on the same folder would
/// close segments the first still writes), then closing what a crash left open.
/// </summary>
public sealed class SpoolWriters : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, Lazy<TenantSpool>> tenants = new(StringComparer.Ordinal);
    readonly SpoolLimits limits;
    readonly FileStream lockFile;

    public SpoolWriters(SpoolFolder spool, SpoolLimits limits)
    {
        Spool = spool;
        this.limits = limits;
        Directory.CreateDirectory(spool.Root);
        var lockPath = Path.Combine(spool.Root, ".collector.lock");
        try { lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException e)
        {
            throw new ArgumentException($"another collector holds the spool {spool.Root} ({lockPath}): each collector needs a spool of its own", e);
        }
        Recovered = SpoolRecovery.CloseLeftOpen(spool);
    }

    public SpoolFolder Spool { get; }

    /// <summary>What the start found open from a crash, and closed.</summary>
    public SpoolRecoveryReport Recovered { get; }

    public Task Write(string tenant, IReadOnlyList<WebEvent> events) =>
        tenants.GetOrAdd(tenant, t => new Lazy<TenantSpool>(() => new TenantSpool(Spool, t, limits))).Value.Write(events);

    public async ValueTask DisposeAsync()
    {
        foreach (var t in tenants.Values.Where(t => t.IsValueCreated)) await t.Value.DisposeAsync();
        await lockFile.DisposeAsync();
    }
}
