using BrightFunnel.Warehouse.Web.Api;
using BrightFunnel.Warehouse.Web.Auth;
using BrightFunnel.Warehouse.Web.Data;
using BrightFunnel.Warehouse.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
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
        options.Validate();
        builder.WebHost.UseUrls($"http://{options.Bind}:{options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The key ring is in clear on purpose, protected by its file modes (PrivateKeyFolder): not a warning at every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton(options);
        var database = new WebDatabase(options.ConnectionString);
        var cache = new BoundedCache(options.CacheEntries, options.CacheMegabytes * 1024L * 1024L);
        builder.Services.AddSingleton(cache);
        builder.Services.AddSingleton(new PublishedData(options.ConnectionString, cache));
        builder.Services.AddSingleton(new WebLogins(database));
        builder.Services.AddSingleton(new WebSessions(database));
        builder.Services.AddSingleton(new ApiTokens(database));
        builder.Services.AddSingleton(new LoginThrottle(options));
        // Unknown Host headers are a 400 before anything reads them: no redirect or document can echo one.
        builder.Services.Configure<HostFilteringOptions>(o => { o.AllowedHosts = options.Hosts().ToList(); o.AllowEmptyHosts = false; });
        builder.Services.AddDataProtection().SetApplicationName("bfw-web");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new PrivateKeyFolder(options.KeysDirectory, services.GetRequiredService<ILoggerFactory>())));
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.LoginPath = "/login";
                o.ReturnUrlParameter = "returnUrl";
                o.Cookie.Name = "bfw.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // The session row ends at the same moment (WebSessions.Lifetime); sliding would outlive it.
                o.ExpireTimeSpan = WebSessions.Lifetime;
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = TenantClaims.ValidateSession;
                // A relative Location: the cookie handler would otherwise build it from the Host header.
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.Redirect(new Uri(context.RedirectUri, UriKind.Absolute).PathAndQuery);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddAntiforgery(o => { o.Cookie.Name = "bfw.antiforgery"; o.Cookie.SameSite = SameSiteMode.Strict; });
        // No servers in the document: clients resolve paths against the document's own URL, never a Host header.
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseStatusCodePages(ErrorPage.WriteBody);
        app.UseSecurityHeaders();
        app.UseHeadAsGet();
        app.UseStaticFiles();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(echarts), RequestPath = "/lib" });
        app.UseRouting(); // here, after HEAD became GET: by default routing runs first and answers HEAD with 405
        app.UseNoStore();
        app.UseAuthentication();
        app.UsePasswordChangeGate();
        app.UseTenantParameterGuard();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapOpenApi();
        // Browsers ask for /favicon.ico whatever the page links.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).AllowAnonymous();
        PageEndpoints.Map(app);
        ApiEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// HEAD is answered as the GET of the same URL without its body (Kestrel sends no body for a HEAD
    /// request, whatever is written): monitors and link checkers get the same status and headers.
    /// </summary>
    static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
        return next(context);
    });

    /// <summary>
    /// Nothing the app computes is stored by a browser or a proxy: API rows and pages are one tenant's,
    /// and a page must not come back from the cache after sign-out. Static files (before this) may be.
    /// </summary>
    static IApplicationBuilder UseNoStore(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    });

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
