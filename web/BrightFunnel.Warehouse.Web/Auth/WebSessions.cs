using System.Data;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>What a session cookie is worth on this request: nothing (ended), or its login, maybe still owing a new password.</summary>
public sealed record SessionState(bool MustChangePassword);

/// <summary>
/// Signed-in sessions as rows of bf_web (docs/decisions/web-sessions.md): the cookie carries a random
/// id, the row its SHA-256. Every request asks for the row (<see cref="Check"/>), so ending a session
/// (sign-out, a reset, a removed login) refuses its cookie on the very next request, on every instance.
/// </summary>
public sealed class WebSessions(WebDatabase db)
{
    /// <summary>A session lasts a working day from sign-in, then its login signs in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    public WebSessions(string connectionString) : this(new WebDatabase(connectionString)) { }

    /// <summary>A new session of the login; returns the id the cookie carries (never stored).</summary>
    public async Task<string> Start(WebUser user)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var c = await db.OpenAsync();
        // Expired rows go here rather than in a sweeper: sign-ins are what add rows.
        await c.ExecuteAsync("DELETE FROM web_sessions WHERE expires_at < UTC_TIMESTAMP(6) LIMIT 1000");
        await c.ExecuteAsync("""
            INSERT INTO web_sessions (session_hash, email, tenant_id, created_at, expires_at)
            VALUES (@hash, @email, @tenant, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL @seconds SECOND)
            """, new { hash = Hash(id), email = user.Email, tenant = user.TenantId, seconds = (int)Lifetime.TotalSeconds });
        return id;
    }

    /// <summary>The session's state when it stands (its row unexpired, its login of that tenant still there), else null.</summary>
    public async Task<SessionState?> Check(string id, string tenant, string email)
    {
        await using var c = await db.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<(string Tenant, bool MustChange)?>("""
            SELECT u.tenant_id, u.must_change_password FROM web_sessions s
            JOIN web_users u ON u.email = s.email AND u.tenant_id = s.tenant_id
            WHERE s.session_hash = @hash AND s.email = @email AND s.expires_at > UTC_TIMESTAMP(6)
            """, new { hash = Hash(id), email });
        return row is { } r && r.Tenant == tenant ? new SessionState(r.MustChange) : null;
    }

    /// <summary>Ends one session (sign-out).</summary>
    public async Task End(string id)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("DELETE FROM web_sessions WHERE session_hash = @hash", new { hash = Hash(id) });
    }

    /// <summary>Ends every session of a login, inside the caller's transaction (a reset or a removal).</summary>
    internal static void EndAll(IDbConnection c, IDbTransaction tx, string email) =>
        c.Execute("DELETE FROM web_sessions WHERE email = @email", new { email }, tx);

    public static byte[] Hash(string id) => SHA256.HashData(Encoding.UTF8.GetBytes(id));
}
