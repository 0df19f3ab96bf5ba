using Microsoft.AspNetCore.Antiforgery;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>The sign-in form, with its anti-forgery token and the page to return to.</summary>
public static class LoginPage
{
    public static IResult Render(HttpContext http, string? error = null, string? email = null, int status = StatusCodes.Status200OK, string? returnUrl = null)
    {
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · BrightFunnel</title>{PageHead.Links}</head>
            <body class="login"><main><h1>BrightFunnel</h1>
            {(error is null ? "" : $"<p class=\"error\" id=\"error\">{E(error)}</p>")}
            <form method="post" action="{E(LocalUrl.With("/login", returnUrl))}">
            <input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken)}">
            <label>E-mail <input type="email" name="email" id="email" value="{E(email)}" required autocomplete="username"></label>
            <label>Password <input type="password" name="password" id="password" required autocomplete="current-password"></label>
            <button type="submit" id="sign-in">Sign in</button>
            </form></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
