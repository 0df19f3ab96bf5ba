using System.Globalization;
using System.Security.Cryptography;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

/// <summary>
/// <c>bfw generate --abm</c> at size S: the target list, the planted bursts read back from the
/// exported CSVs (people, campaigns, weeks, and the spike rule of docs/abm.md recomputed here), and
/// the default path, which must write exactly what it wrote before the flag existed.
/// </summary>
[TestClass]
public sealed class AbmGenerationTests
{
    const long Seed = 1;
    static string withAbm = "", without = "";
    static GenerationReport report = null!;
    static IReadOnlyList<AbmSpike> spikes = [];
    static readonly Dictionary<string, StrictCsvReader> Files = [];

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        withAbm = Path.Combine(Path.GetTempPath(), $"bfw-abm-{Guid.NewGuid():N}");
        without = Path.Combine(Path.GetTempPath(), $"bfw-abm-off-{Guid.NewGuid():N}");
        report = TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, Seed, withAbm, Abm: true));
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, Seed, without));
        spikes = AbmData.ReadSpikes(withAbm);
        foreach (var file in new[] { ExportFiles.Account, ExportFiles.Contact, ExportFiles.Campaign, ExportFiles.CampaignMember, ExportFiles.Opportunity,
                     AbmData.TargetAccountsFile, AbmData.TargetDomainsFile, AbmData.SpikesFile })
            Files[file] = StrictCsvReader.ReadFile(Path.Combine(withAbm, file));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        foreach (var f in new[] { withAbm, without }.Where(Directory.Exists)) Directory.Delete(f, recursive: true);
    }

    static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))).ToLowerInvariant());

    static Dictionary<string, string> ColumnMap(StrictCsvReader file, string key, string value) =>
        file.Records.ToDictionary(r => r[file.Column(key)], r => r[file.Column(value)], StringComparer.Ordinal);

    static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));

    static DateOnly Date(string value) => DateOnly.ParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The bytes <c>bfw generate acme --size S --seed 1</c> wrote before <c>--abm</c> existed (SHA-256,
    /// measured on the commit before it). Without the flag the output must not move: other tests
    /// and evaluations pin counts and rows of these files. Change these only with a deliberate
    /// change of the default generator.
    /// </summary>
    static readonly Dictionary<string, string> BeforeAbm = new()
    {
        ["Account.csv"] = "b2981a03628359a206c34fd1e0faf1b320a1177f89fe048226414db83ffcdb0a",
        ["Campaign.csv"] = "623edda3cfde3c2fa370dd932b9098a0bb0fb7fb3d2b08314cd77bed6c256e8a",
        ["CampaignMember.csv"] = "4d64151ee4805b87cd820f727e3916f11232244ca705d5239de67b07024feda8",
        ["Contact.csv"] = "decde6b75430b8b102ecacbda269af6c133f9ffff2c3e96dc666c109deadba14",
        ["Lead.csv"] = "311bf859142886d874bccd7e894775cdf1001a758b6681a31bb350357e2fce39",
        ["Opportunity.csv"] = "e5c8dd0acdd8e7160a549358f00ad458020a09fa9ca50da9e0f58673a55acb02",
        ["OpportunityContactRole.csv"] = "f293735565c3a742dd0ff099737138cd3018be438fa41f1b75d427ab007eabbb",
        ["ground_truth/orphan_leads_truth.csv"] = "dabb909a81c808b7832548b4dca3e188a676724127a75a25566d12ce62c4b963",
    };

    [TestMethod]
    public void WithoutTheFlagTheOutputIsWhatItWasBefore()
    {
        CollectionAssert.AreEquivalent(BeforeAbm.ToList(), Hashes(without).ToList());
        Assert.IsFalse(Directory.Exists(Path.Combine(without, AbmData.ListFolder)));
        Assert.IsFalse(Directory.Exists(Path.Combine(without, AbmData.TruthFolder)));
    }

    [TestMethod]
    public void TheFlagOnlyAddsItsFilesAndAppendsToCampaignMember()
    {
        var on = Hashes(withAbm);
        var off = Hashes(without);
        CollectionAssert.AreEquivalent(
            off.Keys.Concat([AbmData.TargetAccountsFile, AbmData.TargetDomainsFile, AbmData.SpikesFile, AbmData.ReadmeFile]).ToList(), on.Keys.ToList());
        foreach (var (file, hash) in off.Where(f => f.Key != ExportFiles.CampaignMember)) Assert.AreEqual(hash, on[file], file);
        var before = File.ReadAllBytes(Path.Combine(without, ExportFiles.CampaignMember));
        var after = File.ReadAllBytes(Path.Combine(withAbm, ExportFiles.CampaignMember));
        Assert.IsGreaterThan(before.Length, after.Length);
        CollectionAssert.AreEqual(before, after.AsSpan(0, before.Length).ToArray(), "the planted members are appended, the rows before them unchanged");
        var planted = report.Abm!.PlantedMembers;
        Assert.AreEqual(StrictCsvReader.ReadFile(Path.Combine(without, ExportFiles.CampaignMember)).Records.Count + planted, Files[ExportFiles.CampaignMember].Records.Count);
        Assert.AreEqual(Files[ExportFiles.CampaignMember].Records.Count, report.File(ExportFiles.CampaignMember).Rows);
        Assert.AreEqual(after.Length, report.File(ExportFiles.CampaignMember).Bytes);
    }

    [TestMethod]
    public void TheTargetListHoldsAboutFivePercentFavouringEnterpriseAndOneUnmatchedDomain()
    {
        var lines = Files[AbmData.TargetAccountsFile];
        CollectionAssert.AreEqual(new[] { "account_id" }, lines.Header);
        var entries = lines.Records.Select(r => r[0]).ToList();
        Assert.AreEqual(AbmData.UnmatchedDomain, entries[^1]);
        var ids = entries[..^1];
        Assert.HasCount(50, ids);
        Assert.AreEqual(ids.Count, ids.Distinct().Count());
        var segment = ColumnMap(Files[ExportFiles.Account], "Id", "Segment__c");
        Assert.IsTrue(ids.All(segment.ContainsKey), "every id is an account");
        var accounts = Files[ExportFiles.Account].Records.Count;
        var enterpriseShare = segment.Values.Count(s => s == "Enterprise") / (double)accounts;
        Assert.IsGreaterThan(3 * enterpriseShare, ids.Count(i => segment[i] == "Enterprise") / (double)ids.Count, "Enterprise accounts are favoured");
        Assert.AreEqual(report.Abm!.TargetAccounts, ids.Count);

        // Each domain is the bare domain of one target account's Website.
        var domains = Files[AbmData.TargetDomainsFile];
        CollectionAssert.AreEqual(new[] { "domain" }, domains.Header);
        Assert.IsInRange(3, 10, domains.Records.Count);
        var website = ColumnMap(Files[ExportFiles.Account], "Id", "Website");
        foreach (var domain in domains.Records.Select(r => r[0]))
        {
            var owners = website.Where(w => Host(w.Value) == domain).Select(w => w.Key).ToList();
            Assert.HasCount(1, owners, domain);
            CollectionAssert.Contains(ids, owners[0], domain);
        }
        Assert.IsFalse(website.Values.Any(w => w.Contains(AbmData.UnmatchedDomain, StringComparison.OrdinalIgnoreCase)));
    }

    static string Host(string website)
    {
        var s = website.ToLowerInvariant();
        var scheme = s.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) s = s[(scheme + 3)..];
        s = s.Split('/')[0];
        return s.StartsWith("www.", StringComparison.Ordinal) ? s[4..] : s;
    }

    [TestMethod]
    public void EveryPlantedWeekHasAtLeastFourPeopleOfTheAccountRespondingToRunningCampaigns()
    {
        Assert.IsTrue(File.Exists(Path.Combine(withAbm, AbmData.SpikesFile)));
        Assert.IsTrue(File.Exists(Path.Combine(withAbm, AbmData.ReadmeFile)));
        CollectionAssert.AreEqual(new[] { "account_id", "week_start" }, Files[AbmData.SpikesFile].Header);
        var targets = Files[AbmData.TargetAccountsFile].Records.Select(r => r[0]).ToHashSet();
        var opportunityAccounts = Files[ExportFiles.Opportunity].Values("AccountId").ToHashSet();
        var withOpportunity = targets.Count(opportunityAccounts.Contains);
        // About 40 % of the targets with an opportunity.
        Assert.IsInRange((int)(withOpportunity * 0.3), (int)Math.Ceiling(withOpportunity * 0.5), spikes.Count);
        Assert.AreEqual(report.Abm!.PlantedSpikes, spikes.Count);
        Assert.AreEqual(spikes.Count, spikes.Select(s => s.AccountId).Distinct().Count(), "one burst per account");

        var contactAccount = ColumnMap(Files[ExportFiles.Contact], "Id", "AccountId");
        var member = Files[ExportFiles.CampaignMember];
        var campaign = Files[ExportFiles.Campaign];
        var window = campaign.Records.ToDictionary(r => r[campaign.Column("Id")], r => (Start: Date(r[campaign.Column("StartDate")]), End: Date(r[campaign.Column("EndDate")])));
        var opportunityDays = Files[ExportFiles.Opportunity].Records.GroupBy(r => r[Files[ExportFiles.Opportunity].Column("AccountId")])
            .ToDictionary(g => g.Key, g => g.Select(r => Date(r[Files[ExportFiles.Opportunity].Column("CreatedDate")])).ToList());
        foreach (var spike in spikes)
        {
            Assert.AreEqual(DayOfWeek.Monday, spike.WeekStart.DayOfWeek, spike.ToString());
            CollectionAssert.Contains(targets.ToList(), spike.AccountId);
            var rows = member.Records.Where(r => r[member.Column("HasResponded")] == "true"
                && r[member.Column("ContactId")] is { Length: > 0 } c && contactAccount[c] == spike.AccountId
                && r[member.Column("FirstRespondedDate")] is { Length: > 0 } d && Monday(Date(d)) == spike.WeekStart).ToList();
            var people = rows.Select(r => r[member.Column("ContactId")]).Distinct().Count();
            Assert.IsGreaterThanOrEqualTo(4, people, $"{spike}: distinct people responding that week");
            foreach (var r in rows)
            {
                var (start, end) = window[r[member.Column("CampaignId")]];
                var day = Date(r[member.Column("FirstRespondedDate")]);
                Assert.IsTrue(start <= day && day <= end, $"{spike}: campaign {r[member.Column("CampaignId")]} runs on {day}");
            }
            // An opportunity of the account is created 1–3 weeks after the burst's week.
            Assert.IsTrue(opportunityDays[spike.AccountId].Any(o => Monday(o) >= spike.WeekStart.AddDays(7) && Monday(o) <= spike.WeekStart.AddDays(21)), spike.ToString());
        }

        // Salesforce's rule still holds: no campaign has the same contact twice; ids are unique.
        var ids = member.Values("Id").ToList();
        Assert.AreEqual(ids.Count, ids.Distinct().Count());
        var pairs = member.Records.Where(r => r[member.Column("ContactId")].Length > 0).Select(r => (r[member.Column("CampaignId")], r[member.Column("ContactId")])).ToList();
        Assert.AreEqual(pairs.Count, pairs.Distinct().Count());
    }

    /// <summary>
    /// docs/abm.md's spike rule under the default settings, recomputed from the CSVs with the signals
    /// of contacts (campaign touches, new contacts) and opportunities: every planted week is a spike.
    /// </summary>
    [TestMethod]
    public void EveryPlantedWeekIsASpikeUnderTheDefaultSettings()
    {
        var contactAccount = ColumnMap(Files[ExportFiles.Contact], "Id", "AccountId");
        var points = new Dictionary<(string Account, DateOnly Week), double>();
        void Add(string account, DateOnly day, double value) => points[(account, Monday(day))] = points.GetValueOrDefault((account, Monday(day))) + value;
        var member = Files[ExportFiles.CampaignMember];
        // One touch per (campaign, person), the earliest.
        var touches = member.Records.Where(r => r[member.Column("HasResponded")] == "true" && r[member.Column("ContactId")].Length > 0)
            .GroupBy(r => (r[member.Column("CampaignId")], r[member.Column("ContactId")]))
            .Select(g => (Contact: g.Key.Item2, Day: g.Min(r => r[member.Column("FirstRespondedDate")] is { Length: > 0 } d ? Date(d) : Date(r[member.Column("CreatedDate")]))));
        foreach (var (contact, day) in touches) Add(contactAccount[contact], day, 2);
        var contacts = Files[ExportFiles.Contact];
        foreach (var r in contacts.Records) Add(r[contacts.Column("AccountId")], Date(r[contacts.Column("CreatedDate")]), 3);
        var opportunities = Files[ExportFiles.Opportunity];
        foreach (var r in opportunities.Records) Add(r[opportunities.Column("AccountId")], Date(r[opportunities.Column("CreatedDate")]), 10);

        double Score(string account, DateOnly week) =>
            Enumerable.Range(0, 4).Sum(k => Math.Pow(0.5, k) * points.GetValueOrDefault((account, week.AddDays(-7 * k))));
        foreach (var spike in spikes)
        {
            var trailing = Enumerable.Range(1, 8).Select(k => Score(spike.AccountId, spike.WeekStart.AddDays(-7 * k))).ToArray();
            var mean = trailing.Average();
            var sd = Math.Sqrt(trailing.Sum(x => (x - mean) * (x - mean)) / trailing.Length);
            var score = Score(spike.AccountId, spike.WeekStart);
            Assert.IsGreaterThanOrEqualTo(8, score, spike.ToString());
            Assert.IsGreaterThan(mean + 2 * sd, score, $"{spike}: trailing mean {mean:F2}, sd {sd:F2}");
        }
    }

    [TestMethod]
    public void TheVerbTakesTheFlagAndTheSameSeedGivesTheSameBytes()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bfw-abm-cli-{Guid.NewGuid():N}");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var code = new BfwConsole(new WarehouseSettings(), output, error).Run(["generate", "acme", "--size", "s", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--abm", "--out", folder]);
            Assert.AreEqual(0, code, error.ToString());
            StringAssert.Contains(output.ToString(), "planted spikes");
            StringAssert.Contains(output.ToString(), "bfw abm list add acme");
            CollectionAssert.AreEquivalent(Hashes(withAbm).ToList(), Hashes(folder).ToList());
            // Generating again without the flag into the same folder drops the ABM files, which no longer describe it.
            code = new BfwConsole(new WarehouseSettings(), output, error).Run(["generate", "acme", "--size", "s", "--seed", Seed.ToString(CultureInfo.InvariantCulture), "--out", folder]);
            Assert.AreEqual(0, code, error.ToString());
            CollectionAssert.AreEquivalent(BeforeAbm.ToList(), Hashes(folder).ToList());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
