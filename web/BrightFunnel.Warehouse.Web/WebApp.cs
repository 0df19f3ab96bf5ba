using System.Threading.RateLimiting;
using BrightFunnel.Warehouse.Web.Api;
using BrightFunnel.Warehouse.Web.Auth;
using BrightFunnel.Warehouse.Web.Data;
using BrightFunnel.Warehouse.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.FileProviders;

namespace BrightFunnel.Warehouse.Web;

/// <summary>Builds the web app; <c>bfw-web</c> runs it, tests start it in-process on a free port.</summary>
public static class WebApp
{
    public static WebApplication Build(WebOptions options, string[]? args = null)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("no connection string for bf_web: set Web:ConnectionString (BFW__Web__ConnectionString), as for bfw");
        var assets = options.AssetsRoot ?? FindAssetsRoot();
        var echarts = Path.Combine(assets, "node_modules", "echarts", "dist");
        if (!File.Exists(Path.Combine(echarts, "echarts.min.js")))
            throw new ArgumentException($"{Path.Combine(echarts, "echarts.min.js")} is missing: install the web scripts with npm ci in {assets} (./run does)");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [], ContentRootPath = assets, WebRootPath = Path.Combine(assets, "wwwroot"),
        });
        builder.WebHost.UseUrls($"http://{options.Bind}:{options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new PublishedData(options.ConnectionString));
        builder.Services.AddSingleton(new WebCredentials(options.ConnectionString, TimeSpan.FromSeconds(options.CredentialCheckSeconds)));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.Cookie.Name = "bfw.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = TenantClaims.ValidateSession;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o => { o.Cookie.Name = "bfw.antiforgery"; o.Cookie.SameSite = SameSiteMode.Strict; });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per client address: guessing passwords costs a minute per few attempts.
            o.AddPolicy(PageEndpoints.LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(echarts), RequestPath = "/lib" });
        app.UseAuthentication();
        app.UseTenantParameterGuard();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        return app;
    }

    /// <summary>A <c>?tenant=</c> naming another tenant than the signed-in one is a 404: it never widens what is read.</summary>
    static IApplicationBuilder UseTenantParameterGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Query.TryGetValue("tenant", out var asked))
        {
            var result = await context.AuthenticateAsync(context.Request.Path.StartsWithSegments("/api")
                ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme);
            if (!result.Succeeded || asked.Any(t => t != result.Principal.TenantOf()))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }
        await next(context);
    });

    /// <summary>The project folder (wwwroot/, node_modules/): beside the binary's build output in a checkout.</summary>
    static string FindAssetsRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "web", "BrightFunnel.Warehouse.Web");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && Directory.Exists(Path.Combine(dir.FullName, "wwwroot"))) return dir.FullName;
        }
        throw new ArgumentException($"cannot find the web assets (wwwroot/, node_modules/) above {AppContext.BaseDirectory}: set Web:AssetsRoot");
    }
}
