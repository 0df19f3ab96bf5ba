using System.Net;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Collect.Spool;

namespace BrightFunnel.Warehouse.Collect.Status;

/// <summary><c>GET /status</c>: the counters as JSON, for a client on this machine only (a 404 to anyone else).</summary>
public static class StatusEndpoint
{
    public static void Map(WebApplication app) => app.MapGet("/status", (HttpContext http, CollectorCounters counters, SiteCache sites, SpoolWriters spool) =>
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            ? Results.Json(new
            {
                received = counters.Received, stored = counters.Stored, batches = counters.Batches, refused = counters.RefusedByReason(),
                sites = sites.Count, spool = spool.Spool.Root, recoveredAtStart = spool.Recovered,
            })
            : Results.NotFound());
}
