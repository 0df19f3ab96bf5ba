using System.Buffers;
using System.Globalization;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Collect.Spool;
using BrightFunnel.Warehouse.Collect.Status;

namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>
/// <c>POST /e/v1/&lt;site-key&gt;</c> and its CORS preflight. The checks, in order: the key (404), the
/// origin (403), the size (413), the JSON (400), the key's rate (429); then the batch goes to its
/// tenant's spool and the answer is 202 only once it is fsynced (503 when the disk is full).
/// Nothing about the client (address, email) is logged; refusals are counted.
/// </summary>
public sealed class CollectEndpoint(SiteCache sites, OriginPolicy origins, KeyRateLimits rates, SpoolWriters spool, CollectorCounters counters, int maxBodyBytes)
{
    public const string Route = "/e/v1/{key}";

    public void Map(WebApplication app)
    {
        app.MapPost(Route, Post);
        app.MapMethods(Route, [HttpMethods.Options], Preflight);
    }

    async Task Post(HttpContext http, string key)
    {
        var response = http.Response;
        if (sites.Find(key) is not { } site) { await Refuse(http, Refusal.Key, 404, "unknown site key"); return; }
        var origin = http.Request.Headers.Origin.ToString();
        if (!origins.Allows(site, origin, http.Request)) { await Refuse(http, Refusal.Origin, 403, "origin not allowed for this site key"); return; }
        AllowOrigin(response, origin);

        if (http.Request.ContentLength > maxBodyBytes) { await Refuse(http, Refusal.Size, 413, $"the body is larger than {maxBodyBytes} bytes"); return; }
        var buffer = ArrayPool<byte>.Shared.Rent(maxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= maxBodyBytes && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length, maxBodyBytes + 1 - length), http.RequestAborted)) > 0)
                length += read;
            if (length > maxBodyBytes) { await Refuse(http, Refusal.Size, 413, $"the body is larger than {maxBodyBytes} bytes"); return; }

            IReadOnlyList<Events.WebEvent> events;
            try { events = EventBatch.Parse(buffer.AsSpan(0, length), DateTimeOffset.UtcNow); }
            catch (BadBatchException e) { await Refuse(http, Refusal.Json, 400, e.Message); return; }
            counters.AddReceived(events.Count);

            if (!rates.TryTake(site.SiteKey, events.Count, out var wait))
            {
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Refuse(http, Refusal.Rate, 429, "too many events for this site key: retry later");
                return;
            }
            try { await spool.Write(site.TenantId, events); }
            catch (SpoolFullException)
            {
                response.Headers.RetryAfter = "30";
                await Refuse(http, Refusal.Full, 503, "the collector cannot store events now: retry later");
                return;
            }
            counters.AddStored(events.Count);
            response.StatusCode = StatusCodes.Status202Accepted;
            response.ContentType = "application/json";
            await response.WriteAsync($"{{\"accepted\":{events.Count}}}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    async Task Preflight(HttpContext http, string key)
    {
        if (sites.Find(key) is not { } site) { await Refuse(http, Refusal.Key, 404, "unknown site key"); return; }
        var origin = http.Request.Headers.Origin.ToString();
        if (!origins.Allows(site, origin, http.Request)) { await Refuse(http, Refusal.Origin, 403, "origin not allowed for this site key"); return; }
        AllowOrigin(http.Response, origin);
        var headers = http.Response.Headers;
        headers.AccessControlAllowMethods = "POST";
        headers.AccessControlAllowHeaders = "Content-Type";
        headers.AccessControlMaxAge = "86400";
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    static void AllowOrigin(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.Vary = "Origin";
    }

    async Task Refuse(HttpContext http, Refusal why, int status, string message)
    {
        counters.Refuse(why);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(message + "\n");
    }
}
