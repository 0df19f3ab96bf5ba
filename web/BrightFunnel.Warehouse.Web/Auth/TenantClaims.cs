using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>
/// Where the web decides the tenant: a request's tenant is its signed-in principal's claim, set at
/// sign-in (a login of that tenant) or by an API token of that tenant, and every query of the
/// request reads that tenant only (<see cref="TenantOf"/>).
/// </summary>
public static class TenantClaims
{
    public const string Tenant = "bfw:tenant";
    /// <summary>The session's random id; its row in web_sessions is what makes the cookie stand.</summary>
    public const string Session = "bfw:session";
    /// <summary>Added on a request whose login still owes a new password: it sees the password page only.</summary>
    public const string MustChangePassword = "bfw:must-change-password";

    /// <summary>The signed-in tenant: the only tenant any query of this request may read.</summary>
    public static string TenantOf(this ClaimsPrincipal user) =>
        user.FindFirstValue(Tenant) ?? throw new InvalidOperationException("an authenticated request without a tenant claim");

    public static bool MustChangePasswordNow(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == MustChangePassword);

    /// <summary>
    /// A session cookie stands only while its row does, with its login of its tenant: asked on every
    /// request, so a sign-out, reset or removal refuses the cookie at once (docs/decisions/web-sessions.md).
    /// </summary>
    public static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var state = user?.FindFirstValue(Tenant) is { } tenant && user.FindFirstValue(ClaimTypes.Name) is { } email && user.FindFirstValue(Session) is { } id
            ? await context.HttpContext.RequestServices.GetRequiredService<WebSessions>().Check(id, tenant, email)
            : null;
        if (state is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (state.MustChangePassword && user!.Identity is ClaimsIdentity identity) identity.AddClaim(new Claim(MustChangePassword, "1"));
    }
}
