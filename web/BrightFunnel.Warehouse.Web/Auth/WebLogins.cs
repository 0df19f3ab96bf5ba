using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>A web login as the password hasher sees it (it hashes per user type, not per user).</summary>
public sealed record WebUser(string TenantId, string Email)
{
    /// <summary>The password was set by an admin (<c>bfw web user add</c>): it must be changed before any page is shown.</summary>
    public bool MustChangePassword { get; init; }
}

/// <summary>A login as <c>bfw web user list</c> shows it: never its password or hash.</summary>
public sealed record WebUserListing(string Tenant, string Email, DateTime CreatedAt, DateTime PasswordSetAt, bool MustChangePassword, long Sessions);

/// <summary>
/// Dashboard logins in bf_web, stored only as hashes (ASP.NET Core's <see cref="PasswordHasher{TUser}"/>:
/// PBKDF2, random salt). An admin's password (<see cref="SetPassword"/>) must be changed at the first
/// sign-in; a reset or a removal ends the login's sessions in the same transaction.
/// </summary>
public sealed class WebLogins(WebDatabase db)
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;
    static readonly PasswordHasher<WebUser> Hasher = new();
    // Unambiguous characters only: the password is read off a terminal and typed in.
    const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    // Verified against when the e-mail is unknown, so a wrong e-mail costs the same time as a wrong password.
    static readonly string DummyHash = Hasher.HashPassword(new WebUser("", ""), "not a password");

    public WebLogins(string connectionString) : this(new WebDatabase(connectionString)) { }

    /// <summary>
    /// Creates the login, or gives an existing one of the same tenant a new password (ending its
    /// sessions). Either way the password is to be changed at the next sign-in. Returns it, shown once.
    /// </summary>
    public (string Password, bool Created) SetPassword(string tenant, string email)
    {
        email = NormalizeEmail(email);
        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
        var hash = Hasher.HashPassword(new WebUser(tenant, email), password);
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var owner = c.ExecuteScalar<string?>("SELECT tenant_id FROM web_users WHERE email = @email FOR UPDATE", new { email }, tx);
        if (owner is not null && owner != tenant)
            throw new ArgumentException($"the login {email} belongs to another tenant; a login opens one tenant only");
        c.Execute(owner is null
            ? "INSERT INTO web_users (tenant_id, email, password_hash, created_at, password_set_at, must_change_password) VALUES (@tenant, @email, @hash, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 1)"
            : "UPDATE web_users SET password_hash = @hash, password_set_at = UTC_TIMESTAMP(6), must_change_password = 1 WHERE email = @email",
            new { tenant, email, hash }, tx);
        WebSessions.EndAll(c, tx, email);
        tx.Commit();
        return (password, owner is null);
    }

    /// <summary>The login when the password is right, else null.</summary>
    public async Task<WebUser?> VerifyPassword(string email, string password)
    {
        email = email.Trim().ToLowerInvariant();
        await using var c = await db.OpenAsync();
        var row = await c.QuerySingleOrDefaultAsync<(string Tenant, string Hash, bool MustChange)>(
            "SELECT tenant_id, password_hash, must_change_password FROM web_users WHERE email = @email", new { email });
        var user = new WebUser(row.Tenant ?? "", email) { MustChangePassword = row.MustChange };
        var result = Hasher.VerifyHashedPassword(user, row.Hash ?? DummyHash, password);
        return row.Tenant is not null && result != PasswordVerificationResult.Failed ? user : null;
    }

    /// <summary>
    /// The signed-in login's own new password: the current one must be right and the new one
    /// acceptable (<see cref="CheckNewPassword"/>). Every other session of the login ends; <paramref name="keepSession"/> stays.
    /// </summary>
    public async Task<bool> ChangePassword(string email, string current, string replacement, byte[] keepSession)
    {
        var user = await VerifyPassword(email, current);
        if (user is null) return false;
        CheckNewPassword(replacement, current);
        var hash = Hasher.HashPassword(user, replacement);
        await using var c = await db.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        await c.ExecuteAsync("UPDATE web_users SET password_hash = @hash, password_set_at = UTC_TIMESTAMP(6), must_change_password = 0 WHERE email = @email",
            new { hash, email = user.Email }, tx);
        await c.ExecuteAsync("DELETE FROM web_sessions WHERE email = @email AND session_hash <> @keepSession", new { email = user.Email, keepSession }, tx);
        await tx.CommitAsync();
        return true;
    }

    /// <summary>A password a user chooses: long enough, not too long for the hasher, not the one it replaces.</summary>
    public static void CheckNewPassword(string replacement, string current)
    {
        if (replacement.Length < MinPasswordLength)
            throw new ArgumentException($"the new password must have at least {MinPasswordLength} characters");
        if (replacement.Length > MaxPasswordLength)
            throw new ArgumentException($"the new password must have at most {MaxPasswordLength} characters");
        if (replacement == current) throw new ArgumentException("the new password must differ from the current one");
    }

    /// <summary>The logins of a tenant (or of every tenant), with their open sessions.</summary>
    public IReadOnlyList<WebUserListing> List(string? tenant)
    {
        using var c = db.Open();
        return c.Query<WebUserListing>("""
            SELECT u.tenant_id AS Tenant, u.email AS Email, u.created_at AS CreatedAt, u.password_set_at AS PasswordSetAt,
                   u.must_change_password AS MustChangePassword,
                   (SELECT COUNT(*) FROM web_sessions s WHERE s.email = u.email AND s.expires_at > UTC_TIMESTAMP(6)) AS Sessions
            FROM web_users u WHERE @tenant IS NULL OR u.tenant_id = @tenant ORDER BY u.tenant_id, u.email
            """, new { tenant }).ToList();
    }

    /// <summary>Removes the tenant's login and ends its sessions at once; false when it has no such login.</summary>
    public bool Remove(string tenant, string email)
    {
        email = email.Trim().ToLowerInvariant();
        using var c = db.Open();
        using var tx = c.BeginTransaction();
        var removed = c.Execute("DELETE FROM web_users WHERE tenant_id = @tenant AND email = @email", new { tenant, email }, tx) > 0;
        if (removed) WebSessions.EndAll(c, tx, email);
        tx.Commit();
        return removed;
    }

    public static string NormalizeEmail(string email)
    {
        email = email.Trim().ToLowerInvariant();
        var at = email.IndexOf('@');
        if (email.Length > 254 || at < 1 || at == email.Length - 1 || email.Any(ch => char.IsWhiteSpace(ch) || char.IsControl(ch)))
            throw new ArgumentException($"'{email}' is not an e-mail address");
        return email;
    }
}
