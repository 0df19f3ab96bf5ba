using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>
/// Events per second per site key: a token bucket per key, refilled continuously, each event one
/// token. A batch that finds too few tokens is refused whole (429), with the seconds until the
/// bucket holds enough for it.
/// </summary>
public sealed class KeyRateLimits(int eventsPerSecond, int burst) : IDisposable
{
    readonly ConcurrentDictionary<string, TokenBucketRateLimiter> buckets = new(StringComparer.Ordinal);

    /// <summary>True when the key may send <paramref name="events"/> now; otherwise how long to wait.</summary>
    public bool TryTake(string key, int events, out TimeSpan retryAfter)
    {
        var bucket = buckets.GetOrAdd(key, _ =>
        {
            // Refilled in small steps (every 50 ms at high rates), so a second's budget is not one lump.
            var perPeriod = Math.Max(1, eventsPerSecond / 20);
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst, TokensPerPeriod = perPeriod, ReplenishmentPeriod = TimeSpan.FromSeconds((double)perPeriod / eventsPerSecond),
                QueueLimit = 0, AutoReplenishment = true,
            });
        });
        retryAfter = TimeSpan.Zero;
        if (events > burst)
        {
            // Never fits the bucket: a wait would not help either.
            retryAfter = TimeSpan.FromSeconds(1);
            return false;
        }
        using var lease = bucket.AttemptAcquire(events);
        if (lease.IsAcquired) return true;
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        return false;
    }

    public void Dispose()
    {
        foreach (var b in buckets.Values) b.Dispose();
    }
}
