using Microsoft.AspNetCore.Antiforgery;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// The signed-in user's new password: required before any other page when an admin set the password
/// (<c>bfw web user add</c>), and open to anyone signed in. The page to return to is kept.
/// </summary>
public static class PasswordPage
{
    public static IResult Render(HttpContext http, bool required, string? returnUrl, string? error = null, int status = StatusCodes.Status200OK)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Choose a password · BrightFunnel</title>{PageHead.Links}</head>
            <body class="login"><main><h1>Choose a password</h1>
            <p id="why">{(required ? "The password you were given was set by an administrator: choose your own before going on." : "Choose a new password for " + E(http.User.Identity?.Name) + ".")}</p>
            {(error is null ? "" : $"<p class=\"error\" id=\"error\">{E(error)}</p>")}
            <form method="post" action="{E(LocalUrl.With("/password", returnUrl))}">
            <input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken)}">
            <label>Current password <input type="password" name="current" id="current" required autocomplete="current-password"></label>
            <label>New password (at least {Auth.WebLogins.MinPasswordLength} characters) <input type="password" name="password" id="new-password" required minlength="{Auth.WebLogins.MinPasswordLength}" maxlength="{Auth.WebLogins.MaxPasswordLength}" autocomplete="new-password"></label>
            <label>New password again <input type="password" name="confirm" id="confirm" required autocomplete="new-password"></label>
            <button type="submit" id="change">Save and continue</button>
            </form></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
