using System.Diagnostics;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>One tenant of the pod bench: its size and the seed of its generated exports.</summary>
public sealed record PodTenant(TenantId Id, GeneratorSize Size, long Seed);

/// <summary>
/// Each pod tenant's generated exports, where the cycle's ingest step looks for them
/// (<c>&lt;ExportsRoot&gt;/&lt;tenant&gt;/*.csv</c>). Same size and seed give the same bytes, so a folder whose
/// marker names them is reused rather than written again.
/// </summary>
public sealed class PodTenantExports(string exportsRoot)
{
    public string Root => exportsRoot;

    /// <summary>Writes the exports that are missing; returns how many tenants needed it and how long that took.</summary>
    public (int Generated, TimeSpan Elapsed) Ensure(IEnumerable<PodTenant> tenants)
    {
        var clock = Stopwatch.StartNew();
        var generated = 0;
        foreach (var t in tenants)
        {
            var folder = Path.Combine(exportsRoot, t.Id.Value);
            var marker = Path.Combine(folder, $".size-{t.Size}-seed-{t.Seed}");
            if (File.Exists(marker)) continue;
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
            TenantDataGenerator.Generate(new GenerationOptions(t.Size, t.Seed, folder));
            File.WriteAllText(marker, "");
            generated++;
        }
        return (generated, clock.Elapsed);
    }
}
