using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c> for the API: a token opens its own tenant only.</summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    WebCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var tenant = await credentials.VerifyToken(header["Bearer ".Length..].Trim());
        if (tenant is null) return AuthenticateResult.Fail("unknown API token");
        var identity = new ClaimsIdentity([new Claim(TenantClaims.Tenant, tenant)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class TenantClaims
{
    public const string Tenant = "bfw:tenant";
    public const string PasswordSetAt = "bfw:password-set-at";

    /// <summary>The signed-in tenant: the only tenant any query of this request may read.</summary>
    public static string TenantOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("an authenticated request without a tenant claim");

    /// <summary>A session cookie stands while its login exists, of its tenant, with the password it signed in with.</summary>
    public static async Task ValidateSession(Microsoft.AspNetCore.Authentication.Cookies.CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var stands = user?.FindFirstValue(Tenant) is { } tenant && user.FindFirstValue(ClaimTypes.Name) is { } email
            && long.TryParse(user.FindFirstValue(PasswordSetAt), System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            && await context.HttpContext.RequestServices.GetRequiredService<WebCredentials>().SessionStands(tenant, email, new DateTime(ticks));
        if (!stands) context.RejectPrincipal();
    }
}
