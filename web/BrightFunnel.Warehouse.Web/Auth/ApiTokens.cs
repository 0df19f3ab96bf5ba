using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>A token as <c>bfw web token list</c> shows it: its id (the first 8 characters after <c>bfw_</c>), never the secret.</summary>
public sealed record ApiTokenListing(string Tenant, string Id, DateTime CreatedAt, DateTime? ExpiresAt)
{
    public bool Expired(DateTime now) => ExpiresAt is { } at && at <= now;
}

/// <summary>
/// API tokens in bf_web, stored only as SHA-256 of 32 random bytes (high entropy, so a salt adds
/// nothing and the lookup stays an index seek). A token may expire; every request asks the
/// database, so a removed or expired token is refused on the next request.
/// </summary>
public sealed class ApiTokens(WebDatabase db)
{
    public const string TokenPrefix = "bfw_";
    /// <summary>How many characters after <see cref="TokenPrefix"/> name a token in list and remove: 48 of its 256 bits.</summary>
    public const int IdLength = 8;

    public ApiTokens(string connectionString) : this(new WebDatabase(connectionString)) { }

    /// <summary>A new API token of the tenant, returned once; only its hash is kept. Null <paramref name="expiresAt"/>: never expires.</summary>
    public string Add(string tenant, DateTime? expiresAt)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = TokenPrefix + secret;
        using var c = db.Open();
        c.Execute("INSERT INTO web_tokens (token_hash, tenant_id, token_prefix, created_at, expires_at) VALUES (@hash, @tenant, @prefix, UTC_TIMESTAMP(6), @expiresAt)",
            new { hash = Hash(token), tenant, prefix = secret[..IdLength], expiresAt });
        return token;
    }

    /// <summary>The token's tenant, or null for a token never issued, removed or expired.</summary>
    public async Task<string?> Verify(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<string?>(
            "SELECT tenant_id FROM web_tokens WHERE token_hash = @hash AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(6))",
            new { hash = Hash(token) });
    }

    /// <summary>The tokens of a tenant (or of every tenant), oldest first.</summary>
    public IReadOnlyList<ApiTokenListing> List(string? tenant)
    {
        using var c = db.Open();
        return c.Query<ApiTokenListing>("""
            SELECT tenant_id AS Tenant, token_prefix AS Id, created_at AS CreatedAt, expires_at AS ExpiresAt
            FROM web_tokens WHERE @tenant IS NULL OR tenant_id = @tenant ORDER BY tenant_id, created_at, token_prefix
            """, new { tenant }).ToList();
    }

    /// <summary>
    /// Removes the tenant's token named by its id as <c>list</c> shows it (or by the whole token);
    /// false when the tenant has none such. Two tokens sharing an id are refused, naming both.
    /// </summary>
    public bool Remove(string tenant, string idOrToken)
    {
        using var c = db.Open();
        if (idOrToken.StartsWith(TokenPrefix, StringComparison.Ordinal) && idOrToken.Length > TokenPrefix.Length + IdLength)
            return c.Execute("DELETE FROM web_tokens WHERE tenant_id = @tenant AND token_hash = @hash", new { tenant, hash = Hash(idOrToken) }) > 0;
        var id = ParseId(idOrToken);
        var matches = c.ExecuteScalar<long>("SELECT COUNT(*) FROM web_tokens WHERE tenant_id = @tenant AND token_prefix = @id", new { tenant, id });
        if (matches > 1)
            throw new ArgumentException($"{matches} tokens of {tenant} start with {TokenPrefix}{id}: remove it by the whole token");
        return c.Execute("DELETE FROM web_tokens WHERE tenant_id = @tenant AND token_prefix = @id", new { tenant, id }) > 0;
    }

    /// <summary>A token id as typed: <c>bfw_AbCd1234</c>, <c>AbCd1234</c>, or as list prints it with a trailing ….</summary>
    static string ParseId(string text)
    {
        var id = text.Trim().TrimEnd('…');
        if (id.StartsWith(TokenPrefix, StringComparison.Ordinal)) id = id[TokenPrefix.Length..];
        if (id.Length != IdLength || !id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            throw new ArgumentException($"'{text}' is not a token id: {TokenPrefix} and the {IdLength} characters after it, as bfw web token list shows");
        return id;
    }

    /// <summary>
    /// An expiry as typed after <c>--expires</c>: a number of days (<c>90d</c>, 1 to 3650) or <c>never</c>;
    /// returns the moment it expires, null for never.
    /// </summary>
    public static DateTime? ParseExpiry(string text, DateTime now)
    {
        if (text == "never") return null;
        if (text.Length > 1 && text[^1] == 'd' && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 3650)
            return now.AddDays(days);
        throw new ArgumentException($"--expires must be a number of days from 1 to 3650 followed by d (e.g. 90d), or never; got '{text}'");
    }

    public static string Display(string id) => $"{TokenPrefix}{id}…";

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
