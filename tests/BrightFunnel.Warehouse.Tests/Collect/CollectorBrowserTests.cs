using System.Text;
using BrightFunnel.Warehouse.Collect.Status;
using BrightFunnel.Warehouse.Events;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>
/// The snippet in Debian's headless chromium (as <see cref="Web.WebBrowserTests"/> drives it): the
/// collector's demo site is opened, clicked through and its form filled; the page views and the
/// identify (as the email's hash) arrive in the spool under one visitor id. Without consent, and
/// with Do-Not-Track on, nothing arrives.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class CollectorBrowserTests
{
    const string Chromium = "/usr/bin/chromium", ChromeDriver = "/usr/bin/chromedriver";
    const string Email = "Jane.Doe@Acme.Example";
    static CollectorWorld world = null!;
    ChromeDriver? browser;

    [ClassInitialize]
    public static void Start(TestContext _) => world = new CollectorWorld();

    [ClassCleanup]
    public static async Task Stop() => await world.DisposeAsync();

    [TestCleanup]
    public void CloseBrowser() => browser?.Quit();

    /// <summary>A demo tenant with a site key, and a collector of its own serving the demo site for it.</summary>
    static async Task<(string Tenant, string Spool, Uri Url, CollectorCounters Counters)> DemoCollector()
    {
        var (tenant, _) = world.AddSite();
        var spool = Directory.CreateTempSubdirectory("bfw-spool-demo-").FullName;
        var (app, url) = await world.Start(o => { o.DemoTenant = tenant; o.SpoolRoot = spool; });
        return (tenant, spool, url, app.Services.GetRequiredService<CollectorCounters>());
    }

    ChromeDriver Open(bool doNotTrack = false)
    {
        foreach (var file in new[] { Chromium, ChromeDriver })
            if (!File.Exists(file)) Assert.Fail($"{file} is missing: the browser tests need Debian's chromium and chromium-driver (./run test installs them with apt-get)");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        if (doNotTrack) options.AddUserProfilePreference("enable_do_not_track", true);
        browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return browser;
    }

    void Go(ChromeDriver b, Uri url, string path)
    {
        b.Navigate().GoToUrl(new Uri(url, path));
        WaitForSnippet(b);
    }

    static void WaitForSnippet(ChromeDriver b)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Equals(b.ExecuteScript("return !!(window.bf && window.bf.loaded);"), true))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"bf.js did not load on {b.Url}");
            Thread.Sleep(50);
        }
    }

    static void ClickAndWait(ChromeDriver b, string id)
    {
        var before = b.Url;
        b.FindElement(By.Id(id)).Click();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (b.Url == before) { if (DateTime.UtcNow > deadline) Assert.Fail($"no new page after clicking {id}"); Thread.Sleep(50); }
        WaitForSnippet(b);
    }

    [TestMethod]
    public async Task AVisitorWhoConsentsIsRecordedPageByPageAndIdentifiedByTheFormsEmailHash()
    {
        var (tenant, spool, url, _) = await DemoCollector();
        var b = Open();
        Go(b, url, "/demo/");
        b.FindElement(By.Id("consent")).Click();
        ClickAndWait(b, "to-pricing");
        ClickAndWait(b, "to-contact");
        b.FindElement(By.Id("email")).SendKeys(Email);
        b.FindElement(By.Id("company")).SendKeys("Acme");
        ClickAndWait(b, "send");
        StringAssert.EndsWith(b.Url, "/demo/thanks");

        await CollectorWorld.Until(() => world.Stored(tenant, spool).Count(e => e.Type == WebEventType.Page) >= 4 && world.Stored(tenant, spool).Any(e => e.Type == WebEventType.Identify),
            "four page views and an identify in the spool");
        var events = world.Stored(tenant, spool).OrderBy(e => e.Timestamp).ToList();
        CollectionAssert.AreEqual(new[] { "/demo/", "/demo/pricing", "/demo/contact", "/demo/thanks" },
            events.Where(e => e.Type == WebEventType.Page).Select(e => e.Path).ToList(), "one page view per page, in order");
        var pricing = events.Single(e => e.Path == "/demo/pricing" && e.Type == WebEventType.Page);
        Assert.AreEqual(("newsletter", "email", "Spring Launch"), (pricing.UtmSource, pricing.UtmMedium, pricing.UtmCampaign), "UTM from the link");
        Assert.AreEqual("/demo/", new Uri(pricing.Referrer!).AbsolutePath, "the referrer is the page before");
        Assert.AreEqual("Pricing · Acme Analytics", pricing.Title);
        var identify = events.Single(e => e.Type == WebEventType.Identify);
        Assert.AreEqual(EmailHashing.Hash(Email), identify.EmailHash);
        Assert.AreEqual("/demo/contact", identify.Path);
        Assert.AreEqual(1, events.Select(e => e.VisitorId).Distinct().Count(), "one visitor id (the first-party cookie) across pages");
        Assert.AreEqual(events[0].VisitorId, b.Manage().Cookies.GetCookieNamed("bf_vid")?.Value);
        Assert.IsFalse(Encoding.UTF8.GetString(world.SpoolBytes(tenant, spool)).Contains("acme.example", StringComparison.OrdinalIgnoreCase), "no clear email in the spool");
    }

    [TestMethod]
    public async Task NothingIsRecordedBeforeConsent()
    {
        var (tenant, spool, url, _) = await DemoCollector();
        var b = Open();
        Go(b, url, "/demo/");
        ClickAndWait(b, "to-pricing");
        ClickAndWait(b, "to-contact");
        Assert.IsNull(b.Manage().Cookies.GetCookieNamed("bf_vid"), "no visitor cookie without consent");
        b.FindElement(By.Id("consent")).Click();

        // The consent's own page view arrives; the two pages seen before it never do.
        await CollectorWorld.Until(() => world.Stored(tenant, spool).Count > 0, "the page view after consent");
        b.ExecuteScript("bf.flush();");
        var events = world.Stored(tenant, spool);
        Assert.AreEqual("/demo/contact", events.Single().Path);
    }

    [TestMethod]
    public async Task WithDoNotTrackNothingIsSentEvenAfterConsent()
    {
        var (tenant, spool, url, counters) = await DemoCollector();
        var b = Open(doNotTrack: true);
        Go(b, url, "/demo/");
        Assert.AreEqual("1", b.ExecuteScript("return navigator.doNotTrack;"), "the browser sends Do-Not-Track");
        b.FindElement(By.Id("consent")).Click();
        ClickAndWait(b, "to-contact");
        b.FindElement(By.Id("email")).SendKeys(Email);
        ClickAndWait(b, "send");
        b.ExecuteScript("bf.identify('someone@acme.example'); bf.flush();");
        Assert.AreEqual(false, b.ExecuteScript("return bf.enabled();"));
        // bf.js batches for a second at most; give a sent request time to land before looking.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.AreEqual(0, counters.Received + counters.Refused(Refusal.Json) + counters.Refused(Refusal.Origin), "no request reached the collector");
        Assert.IsEmpty(world.Stored(tenant, spool));
    }
}
