using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Web;
using BrightFunnel.Warehouse.Web.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// Access an admin controls (issue 27), over HTTP against the real app and bf_web: tokens and logins
/// listed and removed by bfw and refused on the next request, sign-out that ends the session, the
/// forced password change, throttling per account across addresses, allowed hosts, no-store, private
/// data-protection keys, and junk parameters that cannot grow the app.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebAccessTests
{
    static WebTier tier = null!;
    static Uri url = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        tier = WebTier.Create();
        url = await tier.Start();
    }

    [ClassCleanup]
    public static async Task Stop() => await tier.DisposeAsync();

    static (int Code, string Out, string Err) Bfw(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tier.Tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    static string TokenId(string token) => token[..12]; // bfw_ and the 8 characters list shows

    [TestMethod]
    public async Task ATokenRemovedByBfwIsRefusedOnTheNextRequestAndListShowsNoSecret()
    {
        var added = Bfw("web", "token", "add", tier.A, "--expires", "30d");
        Assert.AreEqual(0, added.Code, added.Err);
        StringAssert.Contains(added.Out, $"expires {DateTime.UtcNow.AddDays(30):yyyy-MM-dd}");
        var token = added.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim();
        var forever = Bfw("web", "token", "add", tier.A, "--expires", "never");
        Assert.AreEqual(0, forever.Code, forever.Err);
        StringAssert.Contains(forever.Out, "never expires");

        using var api = WebTier.Bearer(url, token);
        Assert.AreEqual(HttpStatusCode.OK, (await api.GetAsync("/api/v1/campaigns")).StatusCode);

        var list = Bfw("web", "token", "list", tier.A);
        Assert.AreEqual(0, list.Code, list.Err);
        StringAssert.Contains(list.Out, TokenId(token) + "…");
        Assert.DoesNotContain(token, list.Out, "the token's secret is never listed");
        StringAssert.Contains(list.Out, $"{DateTime.UtcNow.AddDays(30):yyyy-MM-dd}", "its expiry");
        var json = JsonDocument.Parse(Bfw("web", "token", "list", tier.A, "--json").Out).RootElement.EnumerateArray()
            .Single(t => t.GetProperty("id").GetString() == TokenId(token));
        Assert.IsFalse(json.GetProperty("expired").GetBoolean());
        Assert.AreEqual(DateTime.UtcNow.AddDays(30).Date, json.GetProperty("expiresAt").GetDateTime().Date);

        var removed = Bfw("web", "token", "remove", tier.A, TokenId(token), "--yes");
        Assert.AreEqual(0, removed.Code, removed.Err);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/campaigns")).StatusCode, "refused on the very next request");
        Assert.DoesNotContain(TokenId(token), Bfw("web", "token", "list", tier.A).Out);

        var again = Bfw("web", "token", "remove", tier.A, TokenId(token), "--yes");
        Assert.AreEqual(BfwConsole.BadUsage, again.Code);
        StringAssert.Contains(again.Err, "has no API token");
        var bad = Bfw("web", "token", "add", tier.A, "--expires", "90");
        Assert.AreEqual(BfwConsole.BadUsage, bad.Code);
        StringAssert.Contains(bad.Err, "--expires must be a number of days");
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "token", "remove", tier.A, "bfw_x", "--yes").Code, "not a token id");
    }

    [TestMethod]
    public async Task HeadIsAnsweredLikeGetWithoutABodyAndThereIsAFavicon()
    {
        var (email, password) = tier.User(tier.A);
        using var browser = await WebTier.SignedIn(url, email, password);
        using var get = await browser.GetAsync("/campaigns");
        using var head = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/campaigns"));
        Assert.AreEqual(HttpStatusCode.OK, get.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, head.StatusCode, "not 405");
        Assert.AreEqual(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.IsEmpty(await head.Content.ReadAsByteArrayAsync(), "no body");
        using var anonymous = WebTier.Client(url);
        using var signIn = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.AreEqual(HttpStatusCode.Redirect, signIn.StatusCode, "a HEAD of a page asks for the sign-in like its GET");
        using var api = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/campaigns"));
        Assert.AreEqual(HttpStatusCode.Unauthorized, api.StatusCode);

        StringAssert.Contains(await get.Content.ReadAsStringAsync(), "<link rel=\"icon\" href=\"/favicon.svg\"");
        using var icon = await anonymous.GetAsync("/favicon.svg");
        Assert.AreEqual(HttpStatusCode.OK, icon.StatusCode);
        Assert.AreEqual("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        using var ico = await anonymous.GetAsync("/favicon.ico");
        Assert.AreEqual(HttpStatusCode.MovedPermanently, ico.StatusCode);
        Assert.AreEqual("/favicon.svg", ico.Headers.Location?.ToString());
    }

    [TestMethod]
    public async Task AnExpiredTokenIsRefused()
    {
        var token = tier.Tokens.Add(tier.A, DateTime.UtcNow.AddDays(1));
        using var api = WebTier.Bearer(url, token);
        Assert.AreEqual(HttpStatusCode.OK, (await api.GetAsync("/api/v1/models")).StatusCode);
        // The day passes: the stored expiry moved back, as the clock would move forward.
        using (var web = tier.Cycle.Web())
            web.Execute("UPDATE web_tokens SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE token_prefix = @id", new { id = token[4..12] });
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/models")).StatusCode);
        StringAssert.Contains(Bfw("web", "token", "list", tier.A).Out, "expired");
    }

    [TestMethod]
    public async Task BfwWebUserListShowsLoginsWithoutPasswordsAndRemoveEndsTheirSessionsAtOnce()
    {
        var (email, password) = tier.User(tier.A);
        using var session = await WebTier.SignedIn(url, email, password);
        Assert.AreEqual(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        var (newEmail, given) = tier.NewUser(tier.A);

        var list = Bfw("web", "user", "list", tier.A);
        Assert.AreEqual(0, list.Code, list.Err);
        StringAssert.Contains(list.Out, email);
        StringAssert.Contains(list.Out, newEmail);
        var listJson = Bfw("web", "user", "list", tier.A, "--json").Out;
        foreach (var secret in new[] { password, given }) Assert.DoesNotContain(secret, list.Out + listJson, "a password is never listed");
        using (var web = tier.Cycle.Web())
            Assert.DoesNotContain(web.ExecuteScalar<string>("SELECT password_hash FROM web_users WHERE email = @email", new { email })!, list.Out + listJson, "nor its hash");
        var rows = JsonDocument.Parse(listJson).RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("email").GetString()!);
        Assert.IsFalse(rows[email].GetProperty("mustChangePassword").GetBoolean(), "its password was chosen by the user");
        Assert.IsTrue(rows[newEmail].GetProperty("mustChangePassword").GetBoolean(), "an admin's password must be changed");
        Assert.AreEqual(1L, rows[email].GetProperty("sessions").GetInt64(), "its one session");

        var removed = Bfw("web", "user", "remove", tier.A, email, "--yes");
        Assert.AreEqual(0, removed.Code, removed.Err);
        Assert.AreEqual(HttpStatusCode.Redirect, (await session.GetAsync("/")).StatusCode, "its session ended on the very next request");
        using var client = WebTier.Client(url);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await WebTier.PostLogin(client, email, password)).StatusCode);
        var missing = Bfw("web", "user", "remove", tier.A, email, "--yes");
        Assert.AreEqual(BfwConsole.BadUsage, missing.Code);
        StringAssert.Contains(missing.Err, "has no login");
    }

    [TestMethod]
    public async Task TheOldCookieIsRefusedRightAfterSignOutAndSignOutNeedsItsAntiforgeryToken()
    {
        var (email, password) = tier.User(tier.A);
        var cookies = new CookieContainer();
        using var session = WebTier.Client(url, cookies);
        Assert.AreEqual(HttpStatusCode.Redirect, (await WebTier.PostLogin(session, email, password)).StatusCode);
        var page = await session.GetStringAsync("/");
        var saved = cookies.GetCookieHeader(url);
        StringAssert.Contains(saved, "bfw.session=");

        var forged = await session.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.AreEqual(HttpStatusCode.BadRequest, forged.StatusCode, "a sign-out without the page's anti-forgery token");
        StringAssert.Contains(await forged.Content.ReadAsStringAsync(), "Reload the page", "a readable page, not an empty body");
        Assert.AreEqual(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode, "the forged post signed nobody out");

        var field = Regex.Match(page, "name=\"(__RequestVerificationToken)\" value=\"([^\"]+)\"");
        var logout = await session.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
            { [field.Groups[1].Value] = WebUtility.HtmlDecode(field.Groups[2].Value) }));
        Assert.AreEqual(HttpStatusCode.Redirect, logout.StatusCode);

        // The cookie as it was saved before sign-out, replayed by another client.
        using var replay = WebTier.Client(url);
        replay.DefaultRequestHeaders.Add("Cookie", saved);
        var refused = await replay.GetAsync("/");
        Assert.AreEqual(HttpStatusCode.Redirect, refused.StatusCode, "the saved cookie is refused right after POST /logout");
        StringAssert.StartsWith(refused.Headers.Location!.OriginalString, "/login");
    }

    [TestMethod]
    public async Task AnAdminsPasswordIsChangedAtTheFirstSignInBeforeAnyPageAndTheReturnUrlIsKept()
    {
        var (email, given) = tier.NewUser(tier.A);
        using var client = WebTier.Client(url);
        var asked = await client.GetAsync("/campaigns?stage=revenue");
        Assert.AreEqual(HttpStatusCode.Redirect, asked.StatusCode);
        var login = asked.Headers.Location!.OriginalString;
        Assert.AreEqual("/login?returnUrl=%2Fcampaigns%3Fstage%3Drevenue", login, "relative, with the page asked for");

        var form = await client.GetStringAsync(login);
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var action = WebUtility.HtmlDecode(Regex.Match(form, "<form method=\"post\" action=\"([^\"]+)\"").Groups[1].Value);
        var signIn = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["email"] = email, ["password"] = given }));
        Assert.AreEqual(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.AreEqual("/password?returnUrl=%2Fcampaigns%3Fstage%3Drevenue", signIn.Headers.Location!.OriginalString);

        foreach (var other in new[] { "/", "/campaigns", "/accounts" })
        {
            var held = await client.GetAsync(other);
            Assert.AreEqual(HttpStatusCode.Redirect, held.StatusCode, other);
            StringAssert.StartsWith(held.Headers.Location!.OriginalString, "/password", $"{other} waits for the new password");
        }
        var passwordPage = await client.GetStringAsync("/password?returnUrl=%2Fcampaigns%3Fstage%3Drevenue");
        StringAssert.Contains(passwordPage, "set by an administrator");

        async Task<HttpResponseMessage> Change(string current, string replacement, string confirm)
        {
            var pageNow = await client.GetStringAsync("/password?returnUrl=%2Fcampaigns%3Fstage%3Drevenue");
            var t = WebUtility.HtmlDecode(Regex.Match(pageNow, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
            return await client.PostAsync("/password?returnUrl=%2Fcampaigns%3Fstage%3Drevenue", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = t, ["current"] = current, ["password"] = replacement, ["confirm"] = confirm }));
        }
        var mine = "my-own-" + Guid.NewGuid().ToString("N")[..12];
        var differ = await Change(given, mine, mine + "x");
        Assert.AreEqual(HttpStatusCode.BadRequest, differ.StatusCode);
        StringAssert.Contains(await differ.Content.ReadAsStringAsync(), "The two new passwords differ");
        var shortOne = await Change(given, "short", "short");
        Assert.AreEqual(HttpStatusCode.BadRequest, shortOne.StatusCode);
        StringAssert.Contains(await shortOne.Content.ReadAsStringAsync(), "at least 12 characters");
        var same = await Change(given, given, given);
        StringAssert.Contains(await same.Content.ReadAsStringAsync(), "must differ from the current one");
        var wrong = await Change(given + "x", mine, mine);
        StringAssert.Contains(await wrong.Content.ReadAsStringAsync(), "The current password is wrong");
        Assert.AreEqual(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode, "still held before a good change");

        var changed = await Change(given, mine, mine);
        Assert.AreEqual(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.AreEqual("/campaigns?stage=revenue", changed.Headers.Location!.OriginalString, "back to the page first asked for");
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/campaigns?stage=revenue")).StatusCode, "the same session goes on");

        using var other2 = WebTier.Client(url);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await WebTier.PostLogin(other2, email, given)).StatusCode, "the admin's password is gone");
        var next = await WebTier.PostLogin(other2, email, mine);
        Assert.AreEqual("/", next.Headers.Location!.OriginalString, "no password page the second time");
        using var evil = WebTier.Client(url);
        var offsite = await evil.GetStringAsync("/login?returnUrl=%2F%2Fevil.example%2F");
        Assert.DoesNotContain("evil.example", offsite, "a return URL off the site is dropped");
    }

    [TestMethod]
    public async Task ThrottlingPerAccountHoldsAcrossAddresses()
    {
        var limited = await tier.Start(loginAttemptsPerMinute: 10, o => { o.LoginAttemptsPerAccount = 20; o.LoginAccountWindowMinutes = 15; });
        var (email, password) = tier.User(tier.A);
        var outcomes = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        // Five client addresses of the loopback network (the app trusts no X-Forwarded-For), ten guesses each.
        foreach (var from in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6" })
        {
            using var client = ClientFrom(limited, from);
            for (var i = 0; i < 10; i++)
            {
                var response = await WebTier.PostLogin(client, email, $"guess-{from}-{i}");
                outcomes.Add(response.StatusCode);
                if (response.StatusCode == (HttpStatusCode)429) refused = response;
            }
        }
        Assert.AreEqual(50, outcomes.Count);
        Assert.AreEqual(20, outcomes.Count(o => o == HttpStatusCode.Unauthorized), "only the account's allowance of guesses was checked");
        Assert.AreEqual(30, outcomes.Count(o => o == (HttpStatusCode)429));

        Assert.IsNotNull(refused);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.IsNotNull(wait, "429 carries Retry-After in seconds");
        Assert.IsGreaterThan(TimeSpan.Zero, wait.Value);
        var body = await refused.Content.ReadAsStringAsync();
        StringAssert.Contains(body, "Too many sign-in attempts");
        StringAssert.Contains(body, $"Try again in {(int)wait.Value.TotalSeconds} seconds");

        using (var fresh = ClientFrom(limited, "127.0.0.7"))
        {
            Assert.AreEqual((HttpStatusCode)429, (await WebTier.PostLogin(fresh, email, password)).StatusCode, "the right password from a new address waits too");
            var (other, otherPassword) = tier.User(tier.B);
            Assert.AreEqual(HttpStatusCode.Redirect, (await WebTier.PostLogin(fresh, other, otherPassword)).StatusCode, "another account from that address is not held");
        }
    }

    /// <summary>A client whose connections leave from <paramref name="localAddress"/>: on Linux all of 127/8 is loopback.</summary>
    static HttpClient ClientFrom(Uri baseUrl, string localAddress) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, cancel) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };

    [TestMethod]
    public async Task AnUnknownHostGets400AndIsNeverReflected()
    {
        using var client = WebTier.Client(url);
        foreach (var path in new[] { "/", "/login", "/openapi/v1.json", "/api/v1/campaigns" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = "evil.example";
            var response = await client.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, path);
            Assert.IsNull(response.Headers.Location, path);
            Assert.DoesNotContain("evil.example", await response.Content.ReadAsStringAsync(), path);
        }
        using (var localhost = new HttpRequestMessage(HttpMethod.Get, "/login"))
        {
            localhost.Headers.Host = $"localhost:{url.Port}";
            Assert.AreEqual(HttpStatusCode.OK, (await client.SendAsync(localhost)).StatusCode, "localhost is allowed by default");
        }
        var redirect = await client.GetAsync("/campaigns");
        Assert.IsFalse(redirect.Headers.Location!.IsAbsoluteUri, "the sign-in redirect names no host");
        var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.IsFalse(openApi.TryGetProperty("servers", out var servers) && servers.GetArrayLength() > 0, "the document names no server taken from the request");

        var narrow = await tier.Start(configure: o => o.AllowedHosts = "dashboard.example.com");
        using var named = WebTier.Client(narrow);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await named.GetAsync("/login")).StatusCode, "127.0.0.1 is not in this app's list");
        using var byName = new HttpRequestMessage(HttpMethod.Get, "/login");
        byName.Headers.Host = "dashboard.example.com";
        Assert.AreEqual(HttpStatusCode.OK, (await named.SendAsync(byName)).StatusCode);
    }

    [TestMethod]
    public async Task EveryApiResponseSaysNoStore()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        using var anonymous = WebTier.Client(url);
        foreach (var (client, path, status) in new[]
        {
            (api, "/api/v1/campaigns", HttpStatusCode.OK), (api, "/api/v1/campaigns?model=nosuch", HttpStatusCode.BadRequest),
            (api, "/api/v1/campaigns/nosuchcampaign", HttpStatusCode.NotFound), (anonymous, "/api/v1/campaigns", HttpStatusCode.Unauthorized),
        })
        {
            var response = await client.GetAsync(path);
            Assert.AreEqual(status, response.StatusCode, path);
            Assert.IsTrue(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
            Assert.AreNotEqual(0L, response.Content.Headers.ContentLength ?? (await response.Content.ReadAsByteArrayAsync()).LongLength, $"{path}: a body saying why");
        }
        var missing = await anonymous.GetAsync("/no-such-page");
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        StringAssert.Contains(await missing.Content.ReadAsStringAsync(), "Not found", "a readable 404 page");
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataProtectionKeysArePrivateAndOutliveARestart()
    {
        var keys = Path.Combine(Path.GetTempPath(), TestServer.UniqueName("bfw-keys-"));
        try
        {
            var first = await tier.StartApp(configure: o => o.KeysDirectory = keys);
            var (email, password) = tier.User(tier.A);
            var cookies = new CookieContainer();
            using (var client = WebTier.Client(WebTier.Address(first), cookies))
                Assert.AreEqual(HttpStatusCode.Redirect, (await WebTier.PostLogin(client, email, password)).StatusCode);
            var files = Directory.GetFiles(keys, "*.xml");
            Assert.IsNotEmpty(files, "the key ring is on disk");
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys), "the folder is the owner's only");
            foreach (var file in files) Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file), file);
            await first.StopAsync();

            var second = WebTier.Address(await tier.StartApp(configure: o => o.KeysDirectory = keys));
            using var replay = WebTier.Client(second);
            replay.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(WebTier.Address(first)));
            Assert.AreEqual(HttpStatusCode.OK, (await replay.GetAsync("/")).StatusCode, "a restarted app reads the cookies it sealed before");
        }
        finally
        {
            if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
        }
    }

    /// <summary>
    /// Junk in query parameters reaches no cache, and ids of the right shape fill it only to its bound.
    /// Alone in the process ([DoNotParallelize]), so the heap measured is this app's doing.
    /// </summary>
    [TestMethod]
    [DoNotParallelize]
    public async Task FiveThousandJunkParametersLeaveTheAppsMemoryWithinTenPercent()
    {
        var app = await tier.StartApp(configure: o => o.CacheEntries = 500);
        var cache = app.Services.GetRequiredService<BoundedCache>();
        using var api = WebTier.Bearer(WebTier.Address(app), tier.Token(tier.A));
        Assert.AreEqual(HttpStatusCode.OK, (await api.GetAsync("/api/v1/campaigns?limit=warm")).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/accounts?limit=warm")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/campaigns/WARM")).StatusCode);
        // The version's channel rows, one entry per selection, which every channel= is checked against.
        Assert.AreEqual(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/campaigns?channel=warm")).StatusCode);
        var entries = cache.Count;
        var before = Heap();

        await Requests(5000, i => $"/api/v1/campaigns?limit=junk{i}", HttpStatusCode.OK);
        await Requests(5000, i => $"/api/v1/accounts?limit=junk{i}", HttpStatusCode.BadRequest);
        await Requests(2000, i => $"/api/v1/campaigns?channel=junk{i}", HttpStatusCode.BadRequest);
        Assert.AreEqual(entries, cache.Count, "junk parameters made no cache entry");
        await Requests(5000, i => $"/api/v1/campaigns/J{i:D14}", HttpStatusCode.NotFound);
        Assert.IsLessThanOrEqualTo(500, cache.Count, "unknown campaign ids fill the cache to its bound, no further");

        var after = Heap();
        Assert.IsLessThanOrEqualTo(before * 1.10, (double)after, $"heap before {before:N0} bytes, after {after:N0}");

        async Task Requests(int count, Func<int, string> path, HttpStatusCode expected) =>
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancel) =>
            {
                using var response = await api.GetAsync(path(i), cancel);
                Assert.AreEqual(expected, response.StatusCode, path(i));
            });
    }

    static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
