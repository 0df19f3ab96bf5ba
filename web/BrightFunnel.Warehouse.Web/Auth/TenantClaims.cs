using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>
/// Where the web decides the tenant: a request's tenant is its signed-in principal's claim, set at
/// sign-in (a login of that tenant) or by an API token of that tenant, and every query of the
/// request reads that tenant only (<see cref="TenantOf"/>).
/// </summary>
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
