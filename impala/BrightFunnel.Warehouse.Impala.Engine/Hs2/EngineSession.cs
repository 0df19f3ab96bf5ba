using System.Collections.Concurrent;
using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Sql;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// One HS2 session: its user, agreed protocol version, current database and query options, and
/// its open operations. Sessions outlive a dropped binary connection for a while (Impala's
/// disconnected-session timeout), so a client that reconnects can carry on.
/// </summary>
sealed class EngineSession(string user, int protocolVersion, long connectionId)
{
    readonly ConcurrentDictionary<string, string> options = new(StringComparer.OrdinalIgnoreCase);

    public Handle Handle { get; } = new();

    public string User { get; } = user;

    /// <summary>1-based HS2 protocol version (6 = columnar row sets).</summary>
    public int ProtocolVersion { get; } = protocolVersion;

    public DateTime OpenedAt { get; } = DateTime.Now;

    /// <summary>The binary connection that last used the session; 0 for HTTP, whose sessions span connections.</summary>
    public long ConnectionId { get; set; } = connectionId;

    /// <summary>Set when the session's binary connection went away and no other has used it since.</summary>
    public DateTime? DisconnectedAt { get; set; }

    public string Database { get; private set; } = ImpalaSqlTranslator.DefaultDatabase;

    public ConcurrentDictionary<Guid, EngineOperation> Operations { get; } = new();

    public IReadOnlyDictionary<string, string> Options => options;

    public void Use(string database, EngineCatalog catalog)
    {
        catalog.RequireDatabase(database);
        Database = database.ToLowerInvariant();
    }

    /// <summary>Impala query options are case-insensitive and kept upper-case.</summary>
    public void SetOption(string key, string value) => options[key.ToUpperInvariant()] = value;

    /// <summary>A query option for one statement: its confOverlay first, then the session's.</summary>
    public string? Option(string key, IReadOnlyDictionary<string, string>? overlay)
    {
        if (overlay is not null)
            foreach (var (k, v) in overlay)
                if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return v;
        return options.GetValueOrDefault(key);
    }

    public async Task CloseAsync()
    {
        foreach (var operation in Operations.Values) await operation.CloseAsync();
        Operations.Clear();
    }
}
