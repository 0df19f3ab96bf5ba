using BrightFunnel.Warehouse.Web.Pages;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>
/// A session whose login still owes a new password (set by an admin) reaches the password page and
/// sign-out only; any other page sends it there, keeping the page it asked for as the return URL.
/// </summary>
public static class PasswordChangeGate
{
    public const string PasswordPath = "/password";

    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.MustChangePasswordNow() && path != PasswordPath && path != "/logout" && !path.StartsWithSegments("/api"))
        {
            var asked = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect(LocalUrl.With(PasswordPath, HttpMethods.IsGet(context.Request.Method) ? asked : null));
            return;
        }
        await next(context);
    });
}
