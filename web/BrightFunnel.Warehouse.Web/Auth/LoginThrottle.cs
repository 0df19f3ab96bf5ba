using System.Threading.RateLimiting;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>
/// Sign-in attempts allowed per client address and, separately, per account: guesses at one account
/// spread over many addresses run out of the account's allowance. A refusal says when to try again.
/// The account's allowance is shared by everyone trying it, so it is wider than an address's and its
/// window short: a stranger can delay a user's sign-in by minutes, never lock the account.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    readonly PartitionedRateLimiter<(string Address, string Account)> limiter;

    public LoginThrottle(WebOptions options)
    {
        var perAddress = PartitionedRateLimiter.Create<(string Address, string Account), string>(k => RateLimitPartition.GetSlidingWindowLimiter(
            "address:" + k.Address, _ => Window(options.LoginAttemptsPerMinute, TimeSpan.FromMinutes(1))));
        var perAccount = PartitionedRateLimiter.Create<(string Address, string Account), string>(k => RateLimitPartition.GetSlidingWindowLimiter(
            "account:" + k.Account, _ => Window(options.LoginAttemptsPerAccount, TimeSpan.FromMinutes(options.LoginAccountWindowMinutes))));
        limiter = PartitionedRateLimiter.CreateChained(perAddress, perAccount);
    }

    static SlidingWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits, Window = window, SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true,
    };

    /// <summary>Null when the attempt may be checked, else how long to wait.</summary>
    public TimeSpan? Attempt(string? address, string? email)
    {
        // An e-mail is a key here only: normalized and cut, so junk cannot make keys of any size.
        var account = (email ?? "").Trim().ToLowerInvariant();
        if (account.Length > 254) account = account[..254];
        using var lease = limiter.AttemptAcquire((address ?? "unknown", account));
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => limiter.Dispose();
}
