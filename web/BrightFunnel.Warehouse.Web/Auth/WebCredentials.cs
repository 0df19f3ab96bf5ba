using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Identity;
using MySqlConnector;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>A web login as the password hasher sees it (it hashes per user type, not per user).</summary>
public sealed record WebUser(string TenantId, string Email)
{
    /// <summary>When the password in force was set: a session remembers it, and a reset ends the sessions before it.</summary>
    public DateTime PasswordSetAt { get; init; }
}

/// <summary>
/// Logins and API tokens in bf_web, stored only as hashes: passwords with ASP.NET Core's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, random salt), tokens as SHA-256 of 32 random bytes.
/// Written by <c>bfw web user add</c> / <c>bfw web token add</c>, read by the web app.
/// </summary>
public sealed class WebCredentials(string webConnectionString, TimeSpan? rememberFor = null)
{
    public const string TokenPrefix = "bfw_";
    static readonly PasswordHasher<WebUser> Hasher = new();
    // Unambiguous characters only: the password is read off a terminal and typed in.
    const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // Verified against when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
    static readonly string DummyHash = Hasher.HashPassword(new WebUser("", ""), "not a password");

    /// <summary>Creates the login, or gives an existing one of the same tenant a new password. Returns the password, shown once.</summary>
    public (string Password, bool Created) SetPassword(string tenant, string email)
    {
        email = NormalizeEmail(email);
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
        var hash = Hasher.HashPassword(new WebUser(tenant, email), password);
        using var c = Open();
        using var tx = c.BeginTransaction();
        var owner = c.ExecuteScalar<string?>("SELECT tenant_id FROM web_users WHERE email = @email FOR UPDATE", new { email }, tx);
        if (owner is not null && owner != tenant)
            throw new ArgumentException($"the login {email} belongs to another tenant; a login opens one tenant only");
        c.Execute(owner is null
            ? "INSERT INTO web_users (tenant_id, email, password_hash, created_at, password_set_at) VALUES (@tenant, @email, @hash, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))"
            : "UPDATE web_users SET password_hash = @hash, password_set_at = UTC_TIMESTAMP(6) WHERE email = @email",
            new { tenant, email, hash }, tx);
        tx.Commit();
        return (password, owner is null);
    }

    /// <summary>A new API token of the tenant, returned once; only its hash is kept.</summary>
    public string AddToken(string tenant)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = TokenPrefix + secret;
        using var c = Open();
        c.Execute("INSERT INTO web_tokens (token_hash, tenant_id, token_prefix, created_at) VALUES (@hash, @tenant, @prefix, UTC_TIMESTAMP(6))",
            new { hash = HashToken(token), tenant, prefix = secret[..8] });
        return token;
    }

    /// <summary>The login when the password is right, else null; <see cref="WebUser.PasswordSetAt"/> stamps the session.</summary>
    public async Task<WebUser?> VerifyPassword(string email, string password)
    {
        email = email.Trim().ToLowerInvariant();
        await using var c = new MySqlConnection(webConnectionString);
        await c.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<(string Tenant, string Hash, DateTime SetAt)>(
            "SELECT tenant_id, password_hash, password_set_at FROM web_users WHERE email = @email", new { email });
        var user = new WebUser(row.Tenant ?? "", email) { PasswordSetAt = row.SetAt };
        var result = Hasher.VerifyHashedPassword(user, row.Hash ?? DummyHash, password);
        return row.Tenant is not null && result != PasswordVerificationResult.Failed ? user : null;
    }

    /// <summary>
    /// Whether a session signed in with the password set at <paramref name="passwordSetAt"/> still stands:
    /// the login exists, of the same tenant, and its password was not reset since. Checked at most once a
    /// minute per login (<see cref="RememberFor"/>), so a reset or a removed tenant ends its sessions within a minute.
    /// </summary>
    public async Task<bool> SessionStands(string tenant, string email, DateTime passwordSetAt)
    {
        // Only a match is believed from memory: a session newer than what is remembered (signed in
        // after a reset, maybe on another instance) asks the database at once.
        if (knownLogins.TryGetValue(email, out var known) && known.Until > DateTime.UtcNow && known.Tenant == tenant && known.SetAt == passwordSetAt)
            return true;
        await using var c = new MySqlConnection(webConnectionString);
        await c.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<(string Tenant, DateTime SetAt)>(
            "SELECT tenant_id, password_set_at FROM web_users WHERE email = @email", new { email });
        knownLogins[email] = (row.Tenant, row.SetAt, DateTime.UtcNow + RememberFor);
        return row.Tenant == tenant && row.SetAt == passwordSetAt;
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string? Tenant, DateTime SetAt, DateTime Until)> knownLogins = new();

    /// <summary>
    /// The token's tenant, or null for a token that was never issued. A known token is remembered for
    /// <see cref="RememberFor"/>: a BI tool's every request would otherwise cost a round trip.
    /// </summary>
    public async Task<string?> VerifyToken(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        var hash = HashToken(token);
        var key = Convert.ToHexString(hash);
        if (knownTokens.TryGetValue(key, out var known) && known.Until > DateTime.UtcNow) return known.Tenant;
        await using var c = new MySqlConnection(webConnectionString);
        await c.OpenAsync();
        var tenant = await c.ExecuteScalarAsync<string?>("SELECT tenant_id FROM web_tokens WHERE token_hash = @hash", new { hash });
        if (tenant is not null) knownTokens[key] = (tenant, DateTime.UtcNow + RememberFor);
        return tenant;
    }

    /// <summary>How long a checked token or session is believed without asking the database again (default a minute).</summary>
    public TimeSpan RememberFor { get; } = rememberFor ?? TimeSpan.FromMinutes(1);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Tenant, DateTime Until)> knownTokens = new();

    static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string NormalizeEmail(string email)
    {
        email = email.Trim().ToLowerInvariant();
        var at = email.IndexOf('@');
        if (email.Length > 254 || at < 1 || at == email.Length - 1 || email.Any(char.IsWhiteSpace))
            throw new ArgumentException($"'{email}' is not an e-mail address");
        return email;
    }

    MySqlConnection Open()
    {
        var c = new MySqlConnection(webConnectionString);
        c.Open();
        return c;
    }
}
