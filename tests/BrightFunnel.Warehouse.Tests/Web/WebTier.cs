using System.Net;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Tests.Cycle;
using BrightFunnel.Warehouse.Web;
using BrightFunnel.Warehouse.Web.Auth;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// The sample tenant's cycle run once and published to its bf_web, a second tenant "B" published
/// beside it (A's rows with other campaign ids, names and amounts), and the web app started
/// in-process on a free loopback port against that bf_web, as <c>./run web</c> starts it.
/// </summary>
sealed class WebTier : IAsyncDisposable
{
    public const string FilterMatchingNothing = "Tier 9";
    /// <summary>The sample tenant's target account list (its Tier 1 account, Acme); B's is "Bonly " + this.</summary>
    public const string TargetList = "Tier 1 targets";
    public const string Acme = "001000000000001AAA";

    public SampleTenantCycle Cycle { get; }
    public TestTenant Tenant => Cycle.Tenant;
    public string A => Tenant.Id.Value;
    public string B { get; } = TestServer.UniqueName("b");
    public WebLogins Logins { get; }
    public ApiTokens Tokens { get; }
    /// <summary>The data-protection keys of the apps this tier starts (a folder of the test's own).</summary>
    public string KeysDirectory { get; } = Path.Combine(Path.GetTempPath(), TestServer.UniqueName("bfw-web-keys"));
    readonly List<WebApplication> apps = [];

    WebTier()
    {
        Cycle = new SampleTenantCycle();
        new FilterStore(Tenant.Settings.Control.ConnectionString).Add(Tenant.Id, FilterMatchingNothing,
            """{"field": "account.tier", "op": "eq", "value": "Tier 9"}""", RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
        new TargetListStore(Tenant.Settings.Control.ConnectionString).Add(Tenant.Id,
            new TargetList(TargetList, """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""", null, []), RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
        var outcome = Cycle.Run();
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Error);
        PublishOtherTenant();
        PublishWebActivity();
        Logins = new WebLogins(Tenant.Settings.Web.ConnectionString);
        Tokens = new ApiTokens(Tenant.Settings.Web.ConnectionString);
    }

    public static WebTier Create() => new();

    /// <summary>
    /// Web activity in each tenant's published version (the sample tenant runs on engine mysql, which has
    /// none): A's on /pricing and Organic search, B's named "Bonly".
    /// </summary>
    void PublishWebActivity()
    {
        using var web = Cycle.Web();
        foreach (var (tenant, channel, path) in new[] { (A, "Organic search", "/pricing"), (B, "Bonly Social", "/bonly-page") })
        {
            var version = web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @tenant", new { tenant });
            web.Execute("""
                INSERT INTO web_site_channel_weeks (tenant_id, version, channel, week_start, sessions, identified_visitors, page_views)
                VALUES (@tenant, @version, @channel, '2024-03-04', 12, 3, 40);
                INSERT INTO web_site_top_pages (tenant_id, version, path, views, people, opportunities) VALUES (@tenant, @version, @path, 9, 2, 1);
                """, new { tenant, version, channel, path });
        }
    }

    /// <summary>B's rows: every campaign id starts with B, every name with "Bonly ", amounts are A's doubled plus one.</summary>
    void PublishOtherTenant()
    {
        using var web = Cycle.Web();
        var p = new { a = A, b = B };
        web.Execute("""
            INSERT INTO web_publications (tenant_id, version, run_id, epoch, published_at, as_of_date, currency, fiscal_year_start_month)
            SELECT @b, version, run_id, epoch, published_at, as_of_date, currency, fiscal_year_start_month FROM web_publications WHERE tenant_id = @a
            """, p);
        foreach (var (table, change) in new[]
        {
            ("web_campaign", "campaign_id = IF(campaign_id = '', '', CONCAT('B', SUBSTRING(campaign_id, 2))), campaign_name = CONCAT('Bonly ', campaign_name), attributed_amount = attributed_amount * 2 + 1"),
            ("web_channel", "channel = IF(channel = '(unattributed)', channel, CONCAT('Bonly ', channel)), attributed_amount = attributed_amount * 2 + 1"),
            ("web_quarter", "attributed_amount = attributed_amount * 2 + 1"),
            ("web_campaign_quarter", "campaign_id = CONCAT('B', SUBSTRING(campaign_id, 2)), attributed_amount = attributed_amount * 2 + 1"),
            ("web_channel_quarter", "channel = CONCAT('Bonly ', channel), attributed_amount = attributed_amount * 2 + 1"),
            ("web_account", "account_id = CONCAT('B', SUBSTRING(account_id, 2)), account_name = CONCAT('Bonly ', account_name)"),
            ("web_account_attribution", "account_id = CONCAT('B', SUBSTRING(account_id, 2))"),
            ("web_abm_lists", "list_name = CONCAT('Bonly ', list_name)"),
            ("web_target_accounts", "list_name = CONCAT('Bonly ', list_name), account_id = CONCAT('B', SUBSTRING(account_id, 2)), account_name = CONCAT('Bonly ', account_name)"),
            ("web_target_account_weeks_packed", "account_id = CONCAT('B', SUBSTRING(account_id, 2))"),
            ("web_account_spikes", "account_id = CONCAT('B', SUBSTRING(account_id, 2)), top_channel = CONCAT('Bonly ', COALESCE(top_channel, ''))"),
            ("web_account_spike_causes", "account_id = CONCAT('B', SUBSTRING(account_id, 2)), cause = CONCAT('Bonly ', cause)"),
            // B's journey: one touch of a campaign only B has (sql/tenant/0033_packed_account_pages.sql gives the format).
            ("web_account_journey_packed", "account_id = CONCAT('B', SUBSTRING(account_id, 2)), entries = 1, " +
                "journey = COMPRESS(CONCAT(CONCAT_WS(CHAR(9), '2026-01-05', 'touch', '\\\\N', '\\\\N', 'Bonly campaign', 'Email', '1', '\\\\N'), CHAR(10)))"),
        })
        {
            web.Execute($"CREATE TEMPORARY TABLE copy_b AS SELECT * FROM {table} WHERE tenant_id = @a", p);
            web.Execute($"UPDATE copy_b SET tenant_id = @b, {change}", p);
            web.Execute($"INSERT INTO {table} SELECT * FROM copy_b");
            web.Execute("DROP TEMPORARY TABLE copy_b");
        }
    }

    /// <summary>Starts an app on a free port; <paramref name="configure"/> changes its settings (e.g. the sign-in limits).</summary>
    public async Task<Uri> Start(int loginAttemptsPerMinute = 50, Action<WebOptions>? configure = null) => Address(await StartApp(loginAttemptsPerMinute, configure));

    public async Task<WebApplication> StartApp(int loginAttemptsPerMinute = 50, Action<WebOptions>? configure = null)
    {
        var options = new WebOptions
        {
            ConnectionString = Tenant.Settings.Web.ConnectionString, Port = 0, LoginAttemptsPerMinute = loginAttemptsPerMinute,
            LoginAttemptsPerAccount = 1000, KeysDirectory = KeysDirectory,
        };
        configure?.Invoke(options);
        var app = WebApp.Build(options);
        await app.StartAsync();
        apps.Add(app);
        return app;
    }

    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>A login of the tenant that has already chosen its own password (as after its first sign-in).</summary>
    public (string Email, string Password) User(string tenant)
    {
        var email = $"{tenant}@example.com";
        var given = Logins.SetPassword(tenant, email).Password;
        var own = "own-" + Guid.NewGuid().ToString("N");
        if (!Logins.ChangePassword(email, given, own, keepSession: []).GetAwaiter().GetResult())
            throw new InvalidOperationException("the password just given was refused");
        return (email, own);
    }

    /// <summary>A login as <c>bfw web user add</c> leaves it: its password given by an admin, to be changed at the first sign-in.</summary>
    public (string Email, string Password) NewUser(string tenant)
    {
        var email = $"{TestServer.UniqueName("u")}@example.com";
        return (email, Logins.SetPassword(tenant, email).Password);
    }

    /// <summary>An API token of the tenant that does not expire.</summary>
    public string Token(string tenant) => Tokens.Add(tenant, null);

    public static HttpClient Client(Uri baseUrl, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public static HttpClient Bearer(Uri baseUrl, string token)
    {
        var client = Client(baseUrl);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Posts the login form as a browser does: its anti-forgery token from the GET, the cookie it set.</summary>
    public static async Task<HttpResponseMessage> PostLogin(HttpClient client, string email, string password, bool withToken = true)
    {
        var form = await client.GetStringAsync("/login");
        var field = Regex.Match(form, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        if (!field.Success) throw new InvalidOperationException("the login form has no anti-forgery token");
        var values = new Dictionary<string, string> { ["email"] = email, ["password"] = password };
        if (withToken) values[field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value);
        return await client.PostAsync("/login", new FormUrlEncodedContent(values));
    }

    public static async Task<HttpClient> SignedIn(Uri baseUrl, string email, string password)
    {
        var client = Client(baseUrl);
        var response = await PostLogin(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in failed: {(int)response.StatusCode}");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
        Cycle.Dispose();
        if (Directory.Exists(KeysDirectory)) Directory.Delete(KeysDirectory, recursive: true);
    }
}
