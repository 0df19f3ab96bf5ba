using BrightFunnel.Warehouse.Web.Auth;
using BrightFunnel.Warehouse.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using System.Security.Claims;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>The server-rendered pages and sign-in/out. Each page reads one published version of the signed-in tenant.</summary>
public static class PageEndpoints
{
    public const string LoginRateLimit = "login";

    public static void Map(WebApplication app)
    {
        var pages = app.MapGroup("").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme });
        pages.MapGet("/", (HttpContext h, PublishedData d) => View(h, d, (p, s) => OverviewPage.Render(p, s)));
        pages.MapGet("/campaigns", (HttpContext h, PublishedData d) => View(h, d, (p, s) => CampaignsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/channels", (HttpContext h, PublishedData d) => View(h, d, (p, s) => ChannelsPage.Render(p, s)));
        pages.MapGet("/models", (HttpContext h, PublishedData d) => View(h, d, (p, s) => ModelsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/accounts", (HttpContext h, PublishedData d) => View(h, d, (p, s) => AccountsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/web", (HttpContext h, PublishedData d) => View(h, d, (p, s) => WebActivityPage.Render(p, s)));
        pages.MapGet("/targets", (HttpContext h, PublishedData d) => View(h, d, (p, s) => TargetAccountsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/accounts/{accountId}/journey", (string accountId, HttpContext h, PublishedData d) => View(h, d, (p, s) => AccountJourneyPage.Render(p, s, accountId, h.Request.Query)));
        pages.MapPost("/logout", async (HttpContext h) =>
        {
            await h.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute());

        app.MapGet("/login", (HttpContext h) => LoginPage.Render(h)).AllowAnonymous();
        // [FromForm] makes the endpoint validate the anti-forgery token (UseAntiforgery): a post without it is a 400.
        app.MapPost("/login", async (HttpContext h, WebCredentials credentials, [FromForm] string? email, [FromForm] string? password) =>
        {
            var user = email is { Length: > 0 } && password is { Length: > 0 } ? await credentials.VerifyPassword(email, password) : null;
            if (user is null) return LoginPage.Render(h, "Wrong e-mail or password.", email, StatusCodes.Status401Unauthorized);
            var identity = new ClaimsIdentity(
                [new Claim(TenantClaims.Tenant, user.TenantId), new Claim(ClaimTypes.Name, user.Email),
                 new Claim(TenantClaims.PasswordSetAt, user.PasswordSetAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await h.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        }).AllowAnonymous().RequireRateLimiting(LoginRateLimit);
    }

    static async Task<IResult> View(HttpContext http, PublishedData data, Func<PageContext, PublishedSnapshot, Task<IResult>> render)
    {
        var tenant = http.User.TenantOf();
        try
        {
            return await data.Read(tenant, async snapshot =>
            {
                var choices = snapshot.Choices;
                var page = new PageContext(http, tenant, snapshot.Publication, choices, Selections.Parse(http.Request.Query, choices));
                return await render(page, snapshot);
            }) ?? Results.Content($"<!doctype html><title>Nothing published</title><p>Nothing is published for {Html.E(tenant)} yet: its first cycle has not run.</p>",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }
        catch (BadSelectionException e)
        {
            return Results.Content($"<!doctype html><title>Bad request</title><p>{Html.E(e.Message)}</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
