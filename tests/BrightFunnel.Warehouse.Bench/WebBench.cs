using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Web;
using BrightFunnel.Warehouse.Web.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// <c>./run bench web</c>: an M tenant cycled and published, the web app started on loopback
/// beside the database, then Debian's <c>hey</c> drives the campaigns API (bearer token) and the
/// overview page, the Target accounts page, an account's journey, the model grid, a searched
/// campaigns page, a date range with a comparison and the drill-down's deals and deal path (session cookie) with 50 concurrent clients for 30 s each. Reports p50, p95,
/// p99 and errors (non-200 responses and failed requests). Target: p95 under 100 ms, 0 errors.
/// </summary>
public sealed class WebBench(string root, BenchTable table, Func<string> mediumExports, string server)
{
    const int Clients = 50;
    static readonly TimeSpan Duration = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("BFW_BENCH_WEB_SECONDS"), out var s) ? s : 30);
    const double TargetP95Ms = 100;

    public async Task Run()
    {
        if (!File.Exists("/usr/bin/hey")) throw new InvalidOperationException("hey is missing: ./run bench web installs Debian's hey");
        using var tenant = new BenchTenant(server, "webm", new TenantConfig { RevenueField = "ARR__c" });
        var exports = Directory.CreateDirectory(Path.Combine(root, "web-exports")).FullName;
        var link = Path.Combine(exports, tenant.Id.Value);
        if (Directory.Exists(link)) Directory.Delete(link);
        Directory.CreateSymbolicLink(link, mediumExports());
        tenant.Settings.ExportsRoot = exports;
        new TargetListStore(tenant.Settings.Control.ConnectionString).Add(tenant.Id,
            new TargetList("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""", null, []), RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
        var clock = Stopwatch.StartNew();
        var run = new RunStore(tenant.Settings.Control.ConnectionString).Queue(tenant.Id, "console", null, null, null);
        var outcome = new DataCycle(tenant.Settings, "bench").Execute(run);
        if (!outcome.Succeeded) throw new InvalidOperationException($"the M tenant's cycle failed: {outcome.Error}");
        table.Add(new("web", "size M: the cycle that publishes what the app reads", BenchTable.Seconds(clock.Elapsed)));

        var web = tenant.Settings.Web.ConnectionString;
        var token = new ApiTokens(web).Add(tenant.Id.Value, DateTime.UtcNow.AddDays(1));
        var logins = new WebLogins(web);
        var (given, _) = logins.SetPassword(tenant.Id.Value, "bench@example.com");
        // The bench measures a signed-in user's pages, past the first sign-in's forced password change.
        var password = "bench-" + Guid.NewGuid().ToString("N");
        await logins.ChangePassword("bench@example.com", given, password, keepSession: []);
        var keys = Path.Combine(Path.GetTempPath(), $"bfw-bench-web-keys-{Environment.ProcessId}");
        await using var app = WebApp.Build(new WebOptions { ConnectionString = web, Port = 0, KeysDirectory = keys });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var cookie = await SignIn(url, "bench@example.com", password);

        Measure("campaigns API (bearer token)", new Uri(url, "/api/v1/campaigns?stage=pipeline&model=linear"), $"Authorization: Bearer {token}");
        Measure("overview page (session cookie)", new Uri(url, "/"), $"Cookie: {cookie}");
        // The ABM pages: the list's accounts, and the journey of its most engaged account.
        var top = new TargetAccountReport(tenant.ConnectionString).Read("Tier 1")?.Accounts.FirstOrDefault()?.AccountId
                  ?? throw new InvalidOperationException("the M tenant's Tier 1 list has no account");
        Measure("Target accounts page (session cookie)", new Uri(url, "/targets?list=Tier+1"), $"Cookie: {cookie}");
        Measure("an account's journey page (session cookie)", new Uri(url, $"/accounts/{top}/journey"), $"Cookie: {cookie}");
        // Issue 27's heaviest new page: every campaign × every model, with the change against the baseline.
        Measure("model grid, every campaign (limit 1000) × every model (session cookie)", new Uri(url, "/models/grid?rows=campaign&limit=1000&stage=revenue&model=linear"), $"Cookie: {cookie}");
        Measure("campaigns page, searched and paged (session cookie)", new Uri(url, "/campaigns?q=webinar&sort=roi&page=2&per=20"), $"Cookie: {cookie}");
        // The date range with a comparison, and the drill-down's last two steps: the campaign with the
        // most deals and the deal with the most campaigns on its path.
        Measure("campaigns page, last 12 months against the 12 before (session cookie)", new Uri(url, "/campaigns?range=last-12-months&compare=previous"), $"Cookie: {cookie}");
        using var c = DbConnections.Tenant(tenant.ConnectionString);
        var campaign = c.ExecuteScalar<string>("SELECT campaign_id FROM an_campaign_deals WHERE stage = 'pipeline' ORDER BY deals DESC, campaign_id LIMIT 1");
        var deal = c.ExecuteScalar<string>("SELECT opportunity_id FROM an_deal_paths GROUP BY opportunity_id ORDER BY SUM(campaigns) DESC, opportunity_id LIMIT 1");
        Measure("drill-down: the busiest campaign's deals page (session cookie)", new Uri(url, $"/campaigns/{campaign}/deals?model=w_shaped"), $"Cookie: {cookie}");
        Measure("drill-down: the longest deal path page, every model (session cookie)", new Uri(url, $"/deals/{deal}"), $"Cookie: {cookie}");
    }

    void Measure(string what, Uri target, string header)
    {
        var start = new ProcessStartInfo("/usr/bin/hey") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-z", $"{Duration.TotalSeconds}s", "-c", Clients.ToString(), "-H", header, target.ToString() }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"hey exited {process.ExitCode}: {stderr.Result}");
        double Percentile(int p) => double.Parse(Regex.Match(output, $@"\s{p}% in ([0-9.]+) secs").Groups[1].Value, CultureInfo.InvariantCulture) * 1000;
        var statuses = Regex.Matches(output, @"\[(\d+)\]\s+(\d+) responses").ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value));
        var failed = Regex.Match(output, @"Error distribution:(.*)", RegexOptions.Singleline) is { Success: true } e
            ? Regex.Matches(e.Groups[1].Value, @"\[(\d+)\]").Sum(m => long.Parse(m.Groups[1].Value)) : 0;
        var ok = statuses.GetValueOrDefault("200");
        var errors = statuses.Where(kv => kv.Key != "200").Sum(kv => kv.Value) + failed;
        var rps = Regex.Match(output, @"Requests/sec:\s+([0-9.]+)").Groups[1].Value;
        var at = $"size M, {what}, {Clients} clients, {Duration.TotalSeconds:0} s";
        table.Add(new("web", $"{at}: p50", Ms(Percentile(50))));
        var p95 = Percentile(95);
        table.Add(new("web", $"{at}: p95", Ms(p95), $"< {TargetP95Ms:0} ms", p95 < TargetP95Ms));
        table.Add(new("web", $"{at}: p99", Ms(Percentile(99))));
        table.Add(new("web", $"{at}: errors ({BenchTable.Number(ok)} ok, {rps} requests/s)", BenchTable.Number(errors), "0", errors == 0,
            Command: $"hey -z {Duration.TotalSeconds:0}s -c {Clients} {target.AbsolutePath}"));
    }

    static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The session cookie of a sign-in through the login form (with its anti-forgery token), as a browser gets it.</summary>
    static async Task<string> SignIn(Uri url, string email, string password)
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = url };
        var form = await client.GetStringAsync("/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["email"] = email, ["password"] = password }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"bench sign-in failed: {(int)response.StatusCode}");
        return cookies.GetCookies(url)["bfw.session"]?.ToString() ?? throw new InvalidOperationException("no session cookie after sign-in");
    }
}
