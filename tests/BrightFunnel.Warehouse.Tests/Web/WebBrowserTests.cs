using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Reporting;
using BrightFunnel.Warehouse.Web.Pages;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// The dashboard in Debian's headless chromium (Selenium WebDriver, Debian's chromedriver): sign
/// in, switch stage, model and filter, and read each chart's bars from its ECharts instance —
/// they must be the numbers of <c>bfw report</c>. A screenshot of every page is kept under
/// .bfw/test-results/screenshots/. Without chromium the tests fail, saying what is missing.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebBrowserTests
{
    const string Chromium = "/usr/bin/chromium", ChromeDriver = "/usr/bin/chromedriver";
    static WebTier tier = null!;
    static Uri url = null!;
    static string screenshots = null!;
    ChromeDriver browser = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        tier = WebTier.Create();
        url = await tier.Start();
        screenshots = Directory.CreateDirectory(Path.Combine(TestResults(), "screenshots")).FullName;
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        // A failed Start leaves no tier: its own error is the one to read, not a NullReferenceException here.
        if (tier is not null) await tier.DisposeAsync();
    }

    [TestInitialize]
    public void OpenBrowser()
    {
        foreach (var file in new[] { Chromium, ChromeDriver })
            if (!File.Exists(file)) Assert.Fail($"{file} is missing: the browser tests need Debian's chromium and chromium-driver (./run test installs them with apt-get)");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
            "--no-first-run", "--disable-extensions");
        // The console log is how a CSP violation shows: every page must have none (issue 27).
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    [TestCleanup]
    public void CloseBrowser() => browser?.Quit();

    [TestMethod]
    public void ChannelBarsFollowStageModelAndFilterAsBfwReportDoes()
    {
        SignIn();
        Screenshot("overview");
        Assert.AreEqual(2, ChartValues("split").Count, "attributed and unattributed bars on the overview");

        browser.Navigate().GoToUrl(new Uri(url, "/channels"));
        AssertChannelChart("pipeline", "linear", "all");
        Screenshot("channels");

        // Drill-down: a channel's link lists its campaigns, as bfw report has them.
        var channel = browser.FindElement(By.CssSelector("#channels tbody tr:not(.unattributed) td a")).Text;
        browser.FindElement(By.LinkText(channel)).Click();
        Until(() => browser.FindElements(By.Id("drill")).Count == 1, $"the campaigns of {channel}");
        var expected = new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery("pipeline", "linear", "campaign", "all", 10000))
            .Rows.Where(r => (string?)r[1] == channel).Select(r => r[0]!.ToString()).ToList();
        CollectionAssert.AreEqual(expected, browser.FindElements(By.CssSelector("#campaigns tbody tr td:first-child")).Select(e => e.Text).ToList());
        Assert.IsTrue(browser.FindElements(By.CssSelector("#campaigns tbody tr td:nth-child(2)")).All(e => e.Text == channel));
        Screenshot("channel-campaigns");
        browser.Navigate().GoToUrl(new Uri(url, "/channels"));

        Choose("stage", "revenue");
        AssertChannelChart("revenue", "linear", "all");
        Choose("model", "w_shaped");
        AssertChannelChart("revenue", "w_shaped", "all");
        Assert.IsEmpty(browser.FindElements(By.Id("cost-note")), "filter all: ROI is shown, no note");
        Choose("filter", WebTier.FilterMatchingNothing);
        AssertChannelChart("revenue", "w_shaped", WebTier.FilterMatchingNothing);
        StringAssert.Contains(browser.FindElement(By.Id("cost-note")).Text, "ROI is shown only for the filter 'all'");
        Assert.IsTrue(browser.FindElements(By.CssSelector("#channels tbody tr td:last-child")).All(td => td.Text == ""), "no ROI under a filter");
        Assert.IsTrue(ChartValues("channels-chart").All(v => v == 0), "a filter that matched nothing: every bar is zero");
        StringAssert.Contains(browser.Url, "filter=Tier+9", "the selection is in the URL, so the view can be shared");
    }

    [TestMethod]
    public void EveryPageRendersAndModelsShowOneBarPerModel()
    {
        SignIn();
        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?stage=pipeline&model=linear&filter=all"));
        var rows = browser.FindElements(By.CssSelector("#campaigns tbody tr"));
        var report = new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery("pipeline", "linear", "campaign", "all", 10000));
        Assert.AreEqual(report.Rows.Count + 1, rows.Count, "every campaign and the unattributed row");
        Assert.AreEqual(1, browser.FindElements(By.CssSelector("#campaigns tr.unattributed")).Count);
        Screenshot("campaigns");

        browser.Navigate().GoToUrl(new Uri(url, "/models?stage=revenue&model=linear&filter=all"));
        WaitForChart("models-chart");
        var models = browser.FindElements(By.CssSelector("#models tbody tr td:first-child")).Select(e => e.GetAttribute("data-model")!).ToList();
        var values = ChartValues("models-chart");
        Assert.IsGreaterThan(1, models.Count, "every enabled model");
        Assert.HasCount(models.Count, values, "one bar per model");
        var top = report.Rows[0][0]!.ToString()!;
        var subject = browser.FindElement(By.Id("subject")).Text;
        for (var i = 0; i < models.Count; i++)
        {
            var expected = new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery("revenue", models[i], "campaign", "all", 10000))
                .Rows.Single(r => subject.EndsWith(r[0]!.ToString()!, StringComparison.Ordinal));
            Assert.AreEqual(Math.Round(Convert.ToDouble(expected[2]), 2), values[i], 1e-9, models[i]);
        }
        Assert.IsFalse(string.IsNullOrEmpty(top));
        Screenshot("models");

        browser.Navigate().GoToUrl(new Uri(url, "/accounts"));
        Assert.IsGreaterThan(0, browser.FindElements(By.CssSelector("#accounts tbody tr")).Count);
        Screenshot("accounts");
        StringAssert.StartsWith(browser.FindElement(By.Id("published")).Text, "Published at ");
        using var c = tier.Tenant.Open();
        var asOf = c.ExecuteScalar<DateTime>("SELECT as_of_date FROM an_build_info WHERE id = 1").ToString("yyyy-MM-dd");
        Assert.AreEqual(asOf, browser.FindElement(By.Id("windows-end")).Text, "the 30- and 90-day windows end on the analytics' as-of date");
        Assert.AreEqual($"data as of {asOf}", browser.FindElement(By.Id("as-of")).Text);
    }

    [TestMethod]
    public void TargetAccountsLeadToAnAccountsJourneyWithTheNumbersOfBfwAbmReport()
    {
        SignIn();
        browser.FindElement(By.LinkText("Target accounts")).Click();
        Until(() => browser.FindElements(By.Id("target-accounts")).Count == 1, "the Target accounts page");
        var report = new BrightFunnel.Warehouse.Orchestrator.Abm.TargetAccountReport(tier.Tenant.ConnectionString).Read(WebTier.TargetList)!;
        var rows = browser.FindElements(By.CssSelector("#target-accounts tbody tr"));
        CollectionAssert.AreEqual(report.Accounts.Select(a => a.AccountId).ToList(), rows.Select(r => r.GetAttribute("data-account")).ToList());
        var cells = rows[0].FindElements(By.TagName("td"));
        var acme = report.Accounts[0];
        Assert.AreEqual(acme.Score.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), cells[2].Text, "the score");
        Assert.AreEqual(acme.OpenPipeline.ToString("#,##0", System.Globalization.CultureInfo.InvariantCulture), cells[5].Text, "open pipeline");
        Assert.AreEqual(1, rows[0].FindElements(By.CssSelector("svg.spark polyline")).Count, "the trend's sparkline");
        Screenshot("targets");

        rows[0].FindElement(By.TagName("a")).Click();
        Until(() => browser.FindElements(By.Id("timeline")).Count == 1, "the account's journey");
        StringAssert.Contains(browser.FindElement(By.Id("account-heading")).Text, acme.AccountName ?? acme.AccountId);
        using var c = tier.Tenant.Open();
        Assert.AreEqual(c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_account_journey WHERE account_id = @id", new { id = acme.AccountId }),
            browser.FindElements(By.CssSelector("#timeline tbody tr")).Count, "every row of the journey");
        Screenshot("journey");
    }

    [TestMethod]
    public async Task CampaignsAreSearchedPagedAndExportedAsTheApiGivesThem()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var all = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/v1/campaigns?stage=revenue&model=u_shaped"))
            .RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.IsGreaterThan(2, all.Count, "enough campaigns to page");
        SignIn();

        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?stage=revenue&model=u_shaped&per=1"));
        Assert.HasCount(1, browser.FindElements(By.CssSelector("#campaigns tbody tr")));
        Assert.AreEqual($"Rows 1–1 of {all.Count}.", browser.FindElement(By.Id("shown")).Text);
        var first = browser.FindElements(By.CssSelector("#campaigns tbody tr td:first-child")).Select(e => e.Text).ToList();
        browser.FindElement(By.Id("next")).Click();
        Until(() => browser.FindElement(By.Id("shown")).Text == $"Rows 2–2 of {all.Count}.", "the second page");
        CollectionAssert.AreEqual(all.Skip(1).Take(1).Select(r => r.GetProperty("name").GetString()).ToList(),
            browser.FindElements(By.CssSelector("#campaigns tbody tr td:first-child")).Select(e => e.Text).ToList(), "the API's order, one by one");
        CollectionAssert.AreEqual(all.Take(1).Select(r => r.GetProperty("name").GetString()).ToList(), first);
        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?stage=revenue&model=u_shaped&page=99"));
        Assert.AreEqual($"Page 99 is past the last page (1) of {all.Count} rows.", browser.FindElement(By.Id("shown")).Text);
        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?page=0"));
        Assert.AreEqual("Page must be an integer between 1 and 100000, got '0'.", browser.FindElement(By.Id("error")).Text, "a readable 400 page naming the parameter");
        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?stage=revenue&model=u_shaped&per=1"));

        // A search in another case than the name's: every row shown holds it, on one page of the matches.
        var name = all.First(r => r.GetProperty("campaignId").GetString() != "").GetProperty("name").GetString()!;
        var part = name[..Math.Min(6, name.Length)].ToUpperInvariant();
        var search = browser.FindElement(By.Id("q"));
        search.Clear();
        search.SendKeys(part);
        browser.FindElement(By.Id("search")).Click();
        Until(() => browser.Url.Contains("q="), "the search's page");
        var matching = all.Where(r => new[] { "name", "channel", "campaignId" }
            .Any(f => r.GetProperty(f).GetString()!.Contains(part, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.HasCount(Math.Min(1, matching.Count), browser.FindElements(By.CssSelector("#campaigns tbody tr")), "per=1 is kept");
        StringAssert.EndsWith(browser.FindElement(By.Id("shown")).Text, $"of {matching.Count} matching “{part}”.");
        Screenshot("campaigns-search");

        // The CSV of what is shown (every page of it), fetched with the session's cookie: the API's rows and values.
        var href = browser.FindElement(By.Id("csv")).GetAttribute("href")!;
        var csv = (string)browser.ExecuteAsyncScript("var done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", href)!;
        // The file's lines end in CR LF; WebDriver hands the script's string back with LF only.
        var lines = csv.TrimEnd('\r', '\n').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var header = lines[0].Split(',');
        Assert.AreEqual("campaignId,name,channel,attributedAmount,attributedOpportunities,influencedAmount,influencedOpportunities,touches,cost,roi", lines[0]);
        Assert.HasCount(matching.Count, lines.Skip(1).ToList(), "every matching row, not only the page's one");
        foreach (var (line, row) in lines.Skip(1).Zip(matching))
        {
            var cells = line.Split(','); // the sample tenant's names hold no comma or quote
            for (var i = 0; i < header.Length; i++)
            {
                var value = row.GetProperty(header[i]);
                var expected = value.ValueKind switch
                {
                    System.Text.Json.JsonValueKind.Null => "",
                    System.Text.Json.JsonValueKind.Number => value.GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => value.GetString(),
                };
                Assert.AreEqual(expected, cells[i], $"{header[i]} of {row.GetProperty("campaignId")}");
            }
        }
    }

    [TestMethod]
    public void TheModelGridGivesEveryModelsChannelsAsBfwReportWithTheChangeAgainstTheBaseline()
    {
        SignIn();
        browser.FindElement(By.LinkText("Model grid")).Click();
        Until(() => browser.FindElements(By.Id("model-grid")).Count == 1, "the model grid");
        Choose("stage", "revenue");
        Choose("model", "first_touch");
        Assert.AreEqual("first_touch", browser.FindElement(By.Id("baseline")).GetAttribute("data-model"), "the model chosen is the baseline");
        Assert.AreEqual("First touch", browser.FindElement(By.Id("baseline")).Text, "by its plain name");
        var models = browser.FindElements(By.CssSelector("#model-grid thead th[data-model]")).Select(e => e.GetAttribute("data-model")!).ToList();
        Assert.IsGreaterThan(2, models.Count, "every enabled model is a column");
        var report = models.ToDictionary(m => m, m => new AnalyticsReport(tier.Tenant.ConnectionString)
            .Read(new ReportQuery("revenue", m, "channel", "all", 10000)).Rows.ToDictionary(r => r[0]!.ToString()!, r => Math.Round(Convert.ToDouble(r[1]), 2)));
        var rows = browser.FindElements(By.CssSelector("#model-grid tbody tr"));
        Assert.HasCount(report["first_touch"].Count, rows, "one row per channel of bfw report");
        foreach (var row in rows)
        {
            var channel = row.FindElement(By.TagName("td")).Text;
            var baseline = report["first_touch"][channel];
            foreach (var cell in row.FindElements(By.CssSelector("td[data-model]")))
            {
                var model = cell.GetAttribute("data-model")!;
                var amount = double.Parse(cell.GetAttribute("data-amount")!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.AreEqual(report[model][channel], amount, 1e-9, $"{channel} under {model}");
                var change = cell.FindElements(By.CssSelector(".change")).SingleOrDefault()?.Text;
                if (model == "first_touch") Assert.IsNull(change, "no change against itself");
                else if (baseline == 0) Assert.AreEqual("n/a", change);
                else
                {
                    var percent = (amount - baseline) / baseline * 100;
                    var expected = Math.Abs(percent) < 0.05 ? "±0 %"
                        : (percent > 0 ? "+" : "−") + Math.Abs(percent).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %";
                    Assert.AreEqual(expected, change, $"{channel} under {model} against first_touch");
                }
            }
        }
        Screenshot("model-grid");

        browser.FindElement(By.LinkText("campaigns")).Click();
        Until(() => browser.Url.Contains("rows=campaign"), "the grid by campaign");
        Assert.AreEqual(new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery("revenue", "first_touch", "campaign", "all", 10000)).Rows.Count,
            browser.FindElements(By.CssSelector("#model-grid tbody tr")).Count, "one row per campaign");
    }

    [TestMethod]
    public async Task DefinitionsNameEveryModelAsItRanAndTheApiAndBfwReportSayTheSame()
    {
        SignIn();
        browser.FindElement(By.Id("definitions")).Click();
        Until(() => browser.FindElements(By.Id("model-definitions")).Count == 1, "the definitions page");
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var models = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/v1/definitions")).RootElement.GetProperty("models")
            .EnumerateArray().ToDictionary(m => m.GetProperty("model").GetString()!, m => (Name: m.GetProperty("name").GetString(), Definition: m.GetProperty("definition").GetString()));
        var rows = browser.FindElements(By.CssSelector("#model-definitions tbody tr"));
        Assert.HasCount(models.Count, rows, "every model of the version");
        foreach (var row in rows)
        {
            var cells = row.FindElements(By.TagName("td"));
            var (name, definition) = models[row.GetAttribute("data-model")!];
            Assert.AreEqual(name, cells[0].Text);
            Assert.AreEqual(definition, cells[2].Text);
        }
        Assert.AreEqual("40 % to the first touch, 40 % to the last, 20 % shared by the touches between.", models["u_shaped"].Definition,
            "u_shaped as it ran: its weights from the published version");
        Assert.AreEqual("U-shaped", models["u_shaped"].Name);
        Screenshot("definitions");

        var console = new StringWriter();
        Assert.AreEqual(0, new BrightFunnel.Warehouse.Console.BfwConsole(tier.Tenant.Settings, console, TextWriter.Null).Run(["report", tier.A, "--model", "u_shaped"]));
        StringAssert.Contains(console.ToString(), "U-shaped: " + models["u_shaped"].Definition, "bfw report defines the model in the same words");
    }

    [TestMethod]
    public async Task TheOverviewsCardsSumTheQuartersOfTheApiWithTheLatestQuartersChange()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        async Task<List<System.Text.Json.JsonElement>> Quarters(string stage) => System.Text.Json.JsonDocument.Parse(
            await api.GetStringAsync($"/api/v1/quarters?stage={stage}&model=u_shaped")).RootElement.GetProperty("rows").EnumerateArray().ToList();
        var pipeline = await Quarters("pipeline");
        var revenue = await Quarters("revenue");
        var campaignRows = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/v1/campaigns?model=u_shaped")).RootElement.GetProperty("rows").EnumerateArray().ToList();
        var cost = campaignRows.Where(c => c.GetProperty("campaignId").GetString() != "")
            .Sum(c => c.GetProperty("cost").ValueKind == System.Text.Json.JsonValueKind.Null ? 0 : c.GetProperty("cost").GetDouble());
        var unattributed = campaignRows.Single(c => c.GetProperty("campaignId").GetString() == "").GetProperty("attributedAmount").GetDouble();
        SignIn();
        browser.Navigate().GoToUrl(new Uri(url, "/?model=u_shaped"));
        string Value(string id) => browser.FindElement(By.CssSelector($"#{id} .value")).Text;
        var attributedPipeline = pipeline.Sum(q => q.GetProperty("attributedAmount").GetDouble());
        var attributedRevenue = revenue.Sum(q => q.GetProperty("attributedAmount").GetDouble());
        Assert.AreEqual(BrightFunnel.Warehouse.Web.Pages.Html.Compact(attributedPipeline, "USD"), Value("kpi-pipeline"));
        Assert.AreEqual(BrightFunnel.Warehouse.Web.Pages.Html.Compact(attributedRevenue, "USD"), Value("kpi-revenue"));
        Assert.AreEqual(BrightFunnel.Warehouse.Web.Pages.Html.Compact(cost, "USD"), Value("kpi-cost"));
        Assert.AreEqual(BrightFunnel.Warehouse.Web.Pages.Html.Compact(unattributed, "USD"), Value("kpi-unattributed"), "the pipeline stage's unattributed amount");
        Assert.AreEqual((attributedRevenue / cost).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) + "×", Value("kpi-return"));
        Assert.AreEqual(pipeline.Sum(q => q.GetProperty("opportunities").GetInt64() - q.GetProperty("unattributedOpportunities").GetInt64()).ToString("#,##0"),
            Value("kpi-influenced"));
        if (pipeline.Count >= 2)
        {
            double At(int i) => pipeline[i].GetProperty("attributedAmount").GetDouble();
            var (now, then) = (At(pipeline.Count - 1), At(pipeline.Count - 2));
            var change = browser.FindElement(By.CssSelector("#kpi-pipeline .change")).Text;
            StringAssert.StartsWith(change, $"FY{pipeline[^1].GetProperty("fiscalYear")} Q{pipeline[^1].GetProperty("fiscalQuarter")} vs ");
            if (then != 0 && Math.Abs((now - then) / then) >= 0.0005)
                StringAssert.EndsWith(change, Math.Abs((now - then) / then * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %");
        }
        StringAssert.StartsWith(Value("kpi-pipeline"), "$", "the tenant's currency, USD unless configured");
        Assert.AreEqual("amounts in USD", browser.FindElement(By.Id("currency")).Text);
        Screenshot("overview-kpis");

        Choose("filter", WebTier.FilterMatchingNothing);
        Assert.AreEqual("n/a", Value("kpi-return"), "no return under a filter: cost is the campaigns' whole spend");
    }

    [TestMethod]
    public async Task ADateRangeAndItsComparisonAreKeptFromPageToPageAndShowTheApisFigures()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        const string chosen = "range=this-quarter&compare=previous";
        var campaigns = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/v1/campaigns?{chosen}")).RootElement;
        var rows = campaigns.GetProperty("rows").EnumerateArray().ToList();
        var comparison = campaigns.GetProperty("range").GetProperty("comparisonLabel").GetString()!;
        Assert.IsTrue(rows.Any(r => r.GetProperty("attributedAmount").GetDouble() > 0), "the sample's opportunity is in the as-of quarter");
        SignIn();
        browser.FindElement(By.LinkText("Campaigns")).Click();
        Until(() => browser.FindElements(By.Id("campaigns")).Count == 1, "the campaigns page");
        Choose("range", "this-quarter");
        Choose("compare", "previous");
        StringAssert.Contains(browser.Url, chosen, "the range and comparison are in the URL");
        Assert.AreEqual(campaigns.GetProperty("range").GetProperty("label").GetString(), browser.FindElement(By.Id("range-label")).Text);
        Assert.AreEqual(comparison, browser.FindElement(By.Id("comparison-label")).Text);
        var heads = browser.FindElements(By.CssSelector("#campaigns thead th")).Select(e => e.Text).ToList();
        CollectionAssert.IsSubsetOf(new[] { $"Attributed {comparison}", "Change" }, heads);
        var cells = browser.FindElements(By.CssSelector("#campaigns tbody tr")).Select(r => r.FindElements(By.TagName("td")).Select(c => c.Text).ToList()).ToList();
        Assert.HasCount(rows.Count, cells);
        foreach (var (row, shown) in rows.Zip(cells))
        {
            Assert.AreEqual(Html.Money(row.GetProperty("attributedAmount").GetDouble()), shown[heads.IndexOf("Attributed ▼")], row.GetProperty("name").GetString()); // sorted by it
            Assert.AreEqual(Html.Money(row.GetProperty("comparisonAmount").GetDouble()), shown[heads.IndexOf($"Attributed {comparison}")]);
            Assert.AreEqual("n/a", shown[heads.IndexOf("Touches")], "touches do not add up over quarters");
        }
        StringAssert.Contains(browser.FindElement(By.Id("cost-note")).Text, "In a date range, cost is each campaign's whole spend");
        Screenshot("date-range-campaigns");

        browser.FindElement(By.LinkText("Channels")).Click();
        Until(() => browser.FindElements(By.Id("channels")).Count == 1, "the channels page");
        StringAssert.Contains(browser.Url, chosen, "kept by the navigation");
        var channels = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync($"/api/v1/channels?{chosen}")).RootElement.GetProperty("rows").EnumerateArray().ToList();
        CollectionAssert.AreEqual(channels.Select(c => Html.Money(c.GetProperty("attributedAmount").GetDouble())).ToList(),
            browser.FindElements(By.CssSelector("#channels tbody tr td:nth-child(2)")).Select(e => e.Text).ToList());
        WaitForChart("channels-chart");
        Screenshot("date-range-channels");

        browser.FindElement(By.LinkText("Overview")).Click();
        Until(() => browser.FindElements(By.Id("kpis")).Count == 1, "the overview");
        StringAssert.Contains(browser.Url, chosen);
        var quarters = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/v1/quarters")).RootElement.GetProperty("rows").EnumerateArray()
            .Where(q => $"FY{q.GetProperty("fiscalYear")} Q{q.GetProperty("fiscalQuarter")}" == campaigns.GetProperty("range").GetProperty("label").GetString()).ToList();
        Assert.AreEqual(Html.Compact(quarters.Sum(q => q.GetProperty("attributedAmount").GetDouble()), "USD"),
            browser.FindElement(By.CssSelector("#kpi-pipeline .value")).Text, "the card sums the range's quarters");
        StringAssert.StartsWith(browser.FindElement(By.CssSelector("#kpi-pipeline .change")).Text, $"vs {comparison}: ");
        WaitForChart("channel-trend");
        Assert.IsGreaterThan(0L, (long)browser.ExecuteScript(
            "return echarts.getInstanceByDom(document.getElementById('channel-trend')).getOption().series.length;")!, "a line per channel");
        Screenshot("date-range-overview");

        browser.Navigate().GoToUrl(new Uri(url, "/campaigns?compare=previous"));
        Assert.AreEqual("A comparison needs a date range: give range too.", browser.FindElement(By.Id("error")).Text, "a readable 400 naming what is missing");
    }

    [TestMethod]
    public void TheDrillDownGoesFromAChannelToADealsPathWhoseCreditsAreBfwExplains()
    {
        SignIn();
        browser.FindElement(By.LinkText("Channels")).Click();
        Until(() => browser.FindElements(By.Id("channels")).Count == 1, "the channels page");
        var channel = browser.FindElement(By.CssSelector("#channels tbody tr:not(.unattributed) td a"));
        var channelName = channel.Text;
        channel.Click();
        Until(() => browser.FindElements(By.Id("drill")).Count == 1 && browser.FindElements(By.Id("campaigns")).Count == 1, "the channel's campaigns");
        browser.FindElement(By.CssSelector("#campaigns a.deals")).Click();
        Until(() => browser.FindElements(By.Id("deals")).Count == 1, "the campaign's deals");
        StringAssert.Contains(browser.FindElement(By.Id("drill")).Text, $"Channels › {channelName} › ", "the way back up");
        Assert.IsNotEmpty(browser.FindElements(By.CssSelector("#deals tbody tr")), "the campaign touched a deal");
        Screenshot("drill-campaign-deals");
        var deal = browser.FindElement(By.CssSelector("#deals tbody tr")).GetAttribute("data-deal")!;
        browser.FindElement(By.CssSelector("#deals tbody tr td a")).Click();
        Until(() => browser.FindElements(By.Id("deal-heading")).Count == 1, "the deal's path");

        var console = new StringWriter();
        Assert.AreEqual(0, new BrightFunnel.Warehouse.Console.BfwConsole(tier.Tenant.Settings, console, TextWriter.Null).Run(["explain", tier.A, deal, "--json"]));
        var explained = System.Text.Json.JsonDocument.Parse(console.ToString()).RootElement;
        var checkedCells = 0;
        foreach (var stage in explained.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("touches").GetArrayLength() > 0))
        {
            var name = stage.GetProperty("stage").GetString()!;
            var rows = browser.FindElements(By.CssSelector($"#path-{name} tbody tr"));
            var byCampaign = stage.GetProperty("touches").EnumerateArray().GroupBy(t => t.GetProperty("campaignId").GetString()!).ToList();
            Assert.HasCount(byCampaign.Count, rows, $"{name}: one row per campaign of bfw explain's touches");
            foreach (var row in rows)
            {
                var touches = byCampaign.Single(g => g.Key == row.GetAttribute("data-campaign"));
                foreach (var cell in row.FindElements(By.CssSelector("td[data-model]")))
                {
                    var model = cell.GetAttribute("data-model")!;
                    var want = Math.Round(touches.Sum(t => t.GetProperty("credits").GetProperty(model).GetDouble()), 2);
                    Assert.AreEqual(want, double.Parse(cell.GetAttribute("data-credit")!, System.Globalization.CultureInfo.InvariantCulture), 0.011,
                        $"{name} {touches.Key} under {model}");
                    checkedCells++;
                }
            }
        }
        Assert.IsGreaterThan(0, checkedCells, "the deal is attributed");
        Screenshot("drill-deal-path");

        browser.Navigate().GoToUrl(new Uri(url, "/deals/not-a-deal"));
        StringAssert.Contains(browser.FindElement(By.Id("error")).Text, "is not an opportunity id", "a readable 400 naming the id");
    }

    [TestMethod]
    public void ASharedLinkSurvivesSignInAndTheForcedPasswordChangeAndSignOutRefusesTheOldCookie()
    {
        var (email, given) = tier.NewUser(tier.A);
        var shared = "/models/grid?rows=campaign&stage=revenue&model=w_shaped";
        browser.Navigate().GoToUrl(new Uri(url, shared));
        Until(() => browser.Url.Contains("/login?returnUrl="), "the sign-in page, keeping the link");
        browser.FindElement(By.Id("email")).SendKeys(email);
        browser.FindElement(By.Id("password")).SendKeys(given);
        Screenshot("sign-in-with-return-url");
        browser.FindElement(By.Id("sign-in")).Click();

        Until(() => browser.FindElements(By.Id("change")).Count == 1, "the forced password change");
        StringAssert.Contains(browser.Url, "/password?returnUrl=");
        var own = "own-" + Guid.NewGuid().ToString("N");
        browser.FindElement(By.Id("current")).SendKeys(given);
        browser.FindElement(By.Name("password")).SendKeys(own);
        browser.FindElement(By.Id("confirm")).SendKeys(own);
        Screenshot("forced-password-change");
        browser.FindElement(By.Id("change")).Click();

        Until(() => browser.FindElements(By.Id("model-grid")).Count == 1, "the shared link's page");
        Assert.AreEqual(shared, new Uri(browser.Url).PathAndQuery, "the page the link asked for, with its choices");
        Assert.AreEqual("w_shaped", browser.FindElement(By.Id("baseline")).GetAttribute("data-model"));

        var cookies = browser.Manage().Cookies.AllCookies.ToList();
        browser.FindElement(By.CssSelector("form[action='/logout'] button")).Click();
        Until(() => browser.Url.Contains("/login"), "the sign-in page after signing out");
        foreach (var cookie in cookies) browser.Manage().Cookies.AddCookie(cookie); // the saved cookie, as a stolen copy would be
        browser.Navigate().GoToUrl(new Uri(url, shared));
        Until(() => browser.Url.Contains("/login?returnUrl="), "the old cookie refused");
        Assert.IsEmpty(browser.FindElements(By.Id("model-grid")), "nothing of the tenant's is shown");
        Screenshot("after-sign-out");
    }

    void SignIn()
    {
        var (email, password) = tier.User(tier.A);
        browser.Navigate().GoToUrl(new Uri(url, "/"));
        StringAssert.Contains(browser.Url, "/login", "signed out: the dashboard sends us to sign in");
        Screenshot("login");
        browser.FindElement(By.Id("email")).SendKeys(email);
        browser.FindElement(By.Id("password")).SendKeys(password);
        browser.FindElement(By.Id("sign-in")).Click();
        Until(() => browser.FindElements(By.Id("tenant")).Count == 1, "the overview after signing in");
        Assert.AreEqual(tier.A, browser.FindElement(By.Id("tenant")).Text);
        WaitForChart("split");
    }

    /// <summary>Picks an option; the page's script submits the selectors, and the new page is waited for.</summary>
    void Choose(string select, string value)
    {
        var before = browser.Url;
        browser.FindElement(By.CssSelector($"#{select} option[value='{value}']")).Click();
        Until(() => browser.Url != before, $"the page after choosing {select} {value}");
    }

    void AssertChannelChart(string stage, string model, string filter)
    {
        WaitForChart("channels-chart");
        var report = new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery(stage, model, "channel", filter, 10000));
        var categories = ((IEnumerable<object>)browser.ExecuteScript(
            "return echarts.getInstanceByDom(document.getElementById('channels-chart')).getOption().xAxis[0].data;")!).Select(o => o.ToString()).ToList();
        var values = ChartValues("channels-chart");
        var at = $"{stage}/{model}/{filter}";
        Assert.HasCount(report.Rows.Count, values, $"{at}: one bar per channel of the report");
        CollectionAssert.AreEqual(report.Rows.Select(r => r[0]!.ToString()).ToList(), categories, at);
        CollectionAssert.AreEqual(report.Rows.Select(r => Math.Round(Convert.ToDouble(r[1]), 2)).ToList(), values, at);
    }

    List<double> ChartValues(string id) =>
        ((IEnumerable<object>)browser.ExecuteScript(
            $"return echarts.getInstanceByDom(document.getElementById('{id}')).getOption().series[0].data;")!).Select(Convert.ToDouble).ToList();

    void WaitForChart(string id) => Until(() => (bool)browser.ExecuteScript(
        $"return typeof echarts !== 'undefined' && !!echarts.getInstanceByDom(document.getElementById('{id}'));")!, $"chart {id} drawn (ECharts loaded under the CSP)");

    void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try { if (condition()) return; } catch (WebDriverException) { } // the page is still loading
            Thread.Sleep(50);
        }
        Assert.Fail($"timed out waiting for {what}; at {browser.Url}");
    }

    /// <summary>
    /// Shows every chart's tooltip on the page (ECharts writes its tooltips when they appear), saves a
    /// screenshot, and fails on any Content-Security-Policy violation the browser logged since the last one.
    /// </summary>
    void Screenshot(string page)
    {
        browser.ExecuteScript("""
            if (typeof echarts === 'undefined') return;
            document.querySelectorAll('[data-option]').forEach(function (e) {
              var chart = echarts.getInstanceByDom(e);
              if (chart) chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
            });
            """);
        browser.GetScreenshot().SaveAsFile(Path.Combine(screenshots, page + ".png"));
        var violations = browser.Manage().Logs.GetLog(LogType.Browser)
            .Where(e => e.Message.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).Select(e => e.Message).ToList();
        Assert.IsEmpty(violations, $"{page}: {violations.Count} CSP violation(s) in the browser log, the first: {violations.FirstOrDefault()}");
    }

    /// <summary>.bfw/test-results of this checkout (where ./run test writes its results), found above the test binary.</summary>
    static string TestResults()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "run")) && Directory.Exists(Path.Combine(dir.FullName, ".bfw")))
                return Path.Combine(Environment.GetEnvironmentVariable("BFW_HOME") ?? Path.Combine(dir.FullName, ".bfw"), "test-results");
        return Path.Combine(Path.GetTempPath(), "bfw-test-results");
    }
}
