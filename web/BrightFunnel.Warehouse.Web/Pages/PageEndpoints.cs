using BrightFunnel.Warehouse.Web.Auth;
using BrightFunnel.Warehouse.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>The server-rendered pages and sign-in/out. Each page reads one published version of the signed-in tenant.</summary>
public static class PageEndpoints
{
    public static void Map(WebApplication app)
    {
        var pages = app.MapGroup("").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            { AuthenticationSchemes = CookieAuthenticationDefaults.AuthenticationScheme });
        pages.MapGet("/", (HttpContext h, PublishedData d) => View(h, d, (p, s) => OverviewPage.Render(p, s)));
        pages.MapGet("/campaigns", (HttpContext h, PublishedData d) => View(h, d, (p, s) => CampaignsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/campaigns.csv", (HttpContext h, PublishedData d) => View(h, d, (p, s) => CampaignsPage.Csv(p, s, h.Request.Query)));
        pages.MapGet("/campaigns/{campaignId}/deals", (string campaignId, HttpContext h, PublishedData d) => View(h, d, (p, s) => CampaignDealsPage.Render(p, s, campaignId, h.Request.Query)));
        pages.MapGet("/deals/{opportunityId}", (string opportunityId, HttpContext h, PublishedData d) => View(h, d, (p, s) => DealPathPage.Render(p, s, opportunityId)));
        pages.MapGet("/channels", (HttpContext h, PublishedData d) => View(h, d, (p, s) => ChannelsPage.Render(p, s)));
        pages.MapGet("/definitions", (HttpContext h, PublishedData d) => View(h, d, (p, s) => DefinitionsPage.Render(p, s)));
        pages.MapGet("/models/grid", (HttpContext h, PublishedData d) => View(h, d, (p, s) => ModelGridPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/models", (HttpContext h, PublishedData d) => View(h, d, (p, s) => ModelsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/accounts", (HttpContext h, PublishedData d) => View(h, d, (p, s) => AccountsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/web", (HttpContext h, PublishedData d) => View(h, d, (p, s) => WebActivityPage.Render(p, s)));
        pages.MapGet("/targets", (HttpContext h, PublishedData d) => View(h, d, (p, s) => TargetAccountsPage.Render(p, s, h.Request.Query)));
        pages.MapGet("/accounts/{accountId}/journey", (string accountId, HttpContext h, PublishedData d) => View(h, d, (p, s) => AccountJourneyPage.Render(p, s, accountId, h.Request.Query)));
        pages.MapPost("/logout", async (HttpContext h, WebSessions sessions) =>
        {
            if (h.User.FindFirstValue(TenantClaims.Session) is { } id) await sessions.End(id);
            await h.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        }).RequireAntiforgery();
        pages.MapGet(PasswordChangeGate.PasswordPath, (HttpContext h) =>
            PasswordPage.Render(h, h.User.MustChangePasswordNow(), h.Request.Query["returnUrl"]));
        pages.MapPost(PasswordChangeGate.PasswordPath, ChangePassword).RequireAntiforgery();

        app.MapGet("/login", (HttpContext h) => LoginPage.Render(h, returnUrl: h.Request.Query["returnUrl"])).AllowAnonymous();
        app.MapPost("/login", SignIn).AllowAnonymous().RequireAntiforgery();
    }

    /// <summary>
    /// Checks the e-mail and password (unless the address or the account is out of attempts), starts a
    /// session row, and goes to the page asked for, through the password page when an admin set the password.
    /// </summary>
    static async Task<IResult> SignIn(HttpContext h, WebLogins logins, WebSessions sessions, LoginThrottle throttle)
    {
        var form = await h.Request.ReadFormAsync();
        string? email = form["email"], password = form["password"], returnUrl = h.Request.Query["returnUrl"];
        if (throttle.Attempt(h.Connection.RemoteIpAddress?.ToString(), email) is { } wait)
            return TooManyAttempts(h, wait, LocalUrl.With("/login", returnUrl));
        var user = email is { Length: > 0 } && password is { Length: > 0 } ? await logins.VerifyPassword(email, password) : null;
        if (user is null) return LoginPage.Render(h, "Wrong e-mail or password.", email, StatusCodes.Status401Unauthorized, returnUrl);
        var session = await sessions.Start(user);
        var identity = new ClaimsIdentity(
            [new Claim(TenantClaims.Tenant, user.TenantId), new Claim(ClaimTypes.Name, user.Email), new Claim(TenantClaims.Session, session)],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await h.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(user.MustChangePassword ? LocalUrl.With(PasswordChangeGate.PasswordPath, returnUrl) : LocalUrl.Safe(returnUrl));
    }

    /// <summary>The signed-in login's new password; the current one is asked (and throttled as a sign-in is).</summary>
    static async Task<IResult> ChangePassword(HttpContext h, WebLogins logins, LoginThrottle throttle)
    {
        var form = await h.Request.ReadFormAsync();
        string current = form["current"].ToString(), password = form["password"].ToString(), confirm = form["confirm"].ToString();
        string? returnUrl = h.Request.Query["returnUrl"];
        var required = h.User.MustChangePasswordNow();
        var email = h.User.Identity?.Name ?? "";
        if (throttle.Attempt(h.Connection.RemoteIpAddress?.ToString(), email) is { } wait)
            return TooManyAttempts(h, wait, LocalUrl.With(PasswordChangeGate.PasswordPath, returnUrl));
        if (password != confirm) return PasswordPage.Render(h, required, returnUrl, "The two new passwords differ.", StatusCodes.Status400BadRequest);
        try
        {
            if (!await logins.ChangePassword(email, current, password, WebSessions.Hash(h.User.FindFirstValue(TenantClaims.Session) ?? "")))
                return PasswordPage.Render(h, required, returnUrl, "The current password is wrong.", StatusCodes.Status400BadRequest);
        }
        catch (ArgumentException e)
        {
            return PasswordPage.Render(h, required, returnUrl, char.ToUpperInvariant(e.Message[0]) + e.Message[1..] + ".", StatusCodes.Status400BadRequest);
        }
        return Results.Redirect(LocalUrl.Safe(returnUrl));
    }

    /// <summary>A readable 429 saying when to try again, with that in <c>Retry-After</c> (seconds).</summary>
    static IResult TooManyAttempts(HttpContext h, TimeSpan wait, string back)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        h.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ErrorPage.Render(StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
            $"Too many sign-in attempts for this account or from this address. Try again in {seconds} seconds.", back, "Back to sign-in");
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
            return ErrorPage.Render(StatusCodes.Status400BadRequest, "Bad request", $"{char.ToUpperInvariant(e.Message[0])}{e.Message[1..]}.",
                http.Request.Path, "Back to this page without those parameters");
        }
    }
}
