using System.Text;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Cycle;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Ingest;

/// <summary>
/// Malformed exports fed to <c>bfw ingest</c> for a tenant that has run one cycle of the sample
/// exports: each case checks the exit code, the message (file, line, column) and that the
/// tenant's raw rows and its published analytics are what they were. A case whose file loads
/// its good rows repeats the stored values in them, so "unchanged" still holds and shows that a
/// rejected row never touched the stored row of its id.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class MalformedExportTests
{
    static SampleTenantCycle cycle = null!;
    static string sample = "";
    static string rawBefore = "", webBefore = "";
    string folder = "";

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        cycle = new SampleTenantCycle();
        var outcome = cycle.Run();
        Assert.IsTrue(outcome.Succeeded, outcome.Error);
        sample = Directory.CreateTempSubdirectory("bfw-sample-").FullName;
        SampleExports.Write(sample);
        (rawBefore, webBefore) = (RawSnapshot(), WebSnapshot());
        Assert.Contains("\"web_campaign\"", webBefore, "the cycle published");
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        cycle.Dispose();
        Directory.Delete(sample, true);
    }

    [TestInitialize]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("bfw-malformed-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(folder, true);

    string Tenant => cycle.Tenant.Id.Value;

    static (int code, string output, string error) Bfw(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(cycle.Tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    (int code, string output, string error) Ingest() => Bfw("ingest", Tenant, folder);

    /// <summary>The sample export of <paramref name="file"/>, as lines (header first).</summary>
    static List<string> SampleLines(string file) => File.ReadAllLines(Path.Combine(sample, file)).ToList();

    void Write(string file, IEnumerable<string> lines, string newline = "\n", bool bom = false) =>
        File.WriteAllText(Path.Combine(folder, file), string.Join(newline, lines) + newline, new UTF8Encoding(bom));

    void WriteBytes(string file, byte[] bytes) => File.WriteAllBytes(Path.Combine(folder, file), bytes);

    /// <summary>Every raw row of the tenant, bookkeeping columns (load time, source file) left out.</summary>
    static string RawSnapshot()
    {
        using var c = cycle.Tenant.Open();
        return Snapshot(c, c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'raw\\_%' AND table_name <> 'raw_rejects'"),
            ["_loaded_at", "_source_file"]);
    }

    /// <summary>Every row of the web database (publications and published analytics).</summary>
    static string WebSnapshot()
    {
        using var c = cycle.Web();
        return Snapshot(c, c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'web\\_%'"), []);
    }

    static string Snapshot(MySqlConnection c, IEnumerable<string> tables, string[] skip)
    {
        var sb = new StringBuilder();
        foreach (var table in tables.Order(StringComparer.Ordinal))
        {
            var rows = c.Query($"SELECT * FROM `{table}`").Cast<IDictionary<string, object?>>()
                .Select(r => JsonSerializer.Serialize(r.Where(kv => !skip.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString())))
                .Order(StringComparer.Ordinal);
            sb.Append('"').Append(table).Append("\":\n").AppendJoin('\n', rows).Append('\n');
        }
        return sb.ToString();
    }

    static void AssertUnchanged()
    {
        Assert.AreEqual(rawBefore, RawSnapshot(), "the tenant's raw rows changed");
        Assert.AreEqual(webBefore, WebSnapshot(), "the published analytics changed");
    }

    static (long line, string? column, string? value, string reason) SingleReject(string file)
    {
        using var c = cycle.Tenant.Open();
        return c.QuerySingle<(long, string?, string?, string)>(
            "SELECT line_number, column_name, value, reason FROM raw_rejects WHERE source_file = @file", new { file });
    }

    static void SetConfig(TenantConfig config) => new TenantConfigStore(cycle.Tenant.Settings.Control.ConnectionString).Save(cycle.Tenant.Id, config);

    [TestMethod]
    public void AFileWithoutANeededColumnIsRefusedAndNothingLoads()
    {
        // Account.csv sorts first and would load, with a new name; the refusal comes before any file.
        var account = SampleLines("Account.csv");
        Write("Account.csv", [account[0], account[1].Replace("Acme", "Renamed")]);
        Write("Opportunity.csv", SampleLines("Opportunity.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 2))));

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Opportunity.csv: column StageName is missing; the mapping needs it");
        StringAssert.Contains(error, "Nothing was loaded");
        AssertUnchanged();
    }

    [TestMethod]
    public void AMissingCustomRevenueFieldIsRefusedNamingTheSetting()
    {
        SetConfig(new TenantConfig { RevenueField = "ARR__c" });
        try
        {
            Write("Opportunity.csv", SampleLines("Opportunity.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))));
            var (code, _, error) = Ingest();
            Assert.AreEqual(2, code);
            StringAssert.Contains(error, "Opportunity.csv: column ARR__c is missing; the mapping needs it (ARR__c: revenue_field = ARR__c)");
            AssertUnchanged();
        }
        finally { SetConfig(new TenantConfig()); }
    }

    [TestMethod]
    public void ANonNumericCustomRevenueValueIsARejectWithItsColumn()
    {
        SetConfig(new TenantConfig { RevenueField = "ARR__c" });
        try
        {
            var lines = SampleLines("Opportunity.csv");
            lines[1] = lines[1].Replace(",1200,", ",abc,");
            Write("Opportunity.csv", lines);
            var (code, output, error) = Ingest();
            Assert.AreEqual(0, code, error);
            StringAssert.Contains(output, "1 row(s) rejected");
            Assert.AreEqual((2L, "ARR__c", "abc", "malformed number"), SingleReject("Opportunity.csv"));
            AssertUnchanged(); // opportunity 1 keeps its stored ARR__c of 1200; opportunity 2 loaded as it was
        }
        finally { SetConfig(new TenantConfig()); }
    }

    [TestMethod]
    public void MissingFilesAreListedAndTheirRowsKept()
    {
        File.Copy(Path.Combine(sample, "Campaign.csv"), Path.Combine(folder, "Campaign.csv"));

        var (code, output, error) = Ingest();

        Assert.AreEqual(0, code, error);
        foreach (var o in new[] { "Account", "Contact", "Lead", "CampaignMember", "Opportunity", "OpportunityContactRole" })
            StringAssert.Contains(output, $"{o}.csv: absent, previous rows kept");
        Assert.DoesNotContain("Campaign.csv: absent", output);
        AssertUnchanged();
    }

    [TestMethod]
    public void AFileWithoutAnOptionalColumnKeepsItsStoredValues()
    {
        // ARR__c (custom, not the revenue field here) and Role (typed, descriptive) are left out:
        // before, a reload set every absent column to NULL and dropped every absent custom field.
        Write("Opportunity.csv", SampleLines("Opportunity.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 4))));
        Write("OpportunityContactRole.csv", SampleLines("OpportunityContactRole.csv").Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 3))));

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        AssertUnchanged();
    }

    [TestMethod]
    public void ASemicolonSeparatedFileIsRefusedAsNotCommaSeparated()
    {
        Write("Contact.csv", SampleLines("Contact.csv").Select(l => l.Replace(',', ';')));
        var (code, _, error) = Ingest();
        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Contact.csv: line 1: the header is a single column ('Id;AccountId;Email;CreatedDate')");
        StringAssert.Contains(error, "looks ';'-separated");
        AssertUnchanged();
    }

    [TestMethod]
    public void InvalidUtf8IsRefusedNamingTheLine()
    {
        var lines = SampleLines("Lead.csv");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n").ToList();
        var at = Encoding.UTF8.GetByteCount(lines[0] + "\n" + lines[1] + "\n" + "00Q000000000002EAA,cy@");
        bytes.Insert(at, 0xFF); // a Latin-1 byte in the third line
        WriteBytes("Lead.csv", [.. bytes]);

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Lead.csv: line 3: not valid UTF-8 (byte 0xFF");
        AssertUnchanged();
    }

    [TestMethod]
    public void ATruncatedQuoteIsRefusedNamingWhereItOpened()
    {
        var lines = SampleLines("Contact.csv");
        lines[2] = lines[2].Replace("bob@acme.com,", "\"bob@acme.com,");
        Write("Contact.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Contact.csv: line 3: file ends inside a quoted field opened on line 3");
        AssertUnchanged();
    }

    [TestMethod]
    public void ADuplicateIdIsARejectAndTheFirstOccurrenceStands()
    {
        var lines = SampleLines("Opportunity.csv");
        lines.Add(lines[1].Replace(",100,1200,", ",999,9999,"));
        Write("Opportunity.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        Assert.AreEqual((4L, "Id", "006000000000001AAA", "duplicate Id in this file (first on line 2)"), SingleReject("Opportunity.csv"));
        AssertUnchanged();
    }

    [TestMethod]
    public void ABadDateIsARejectAndTheStoredRowStays()
    {
        var lines = SampleLines("Opportunity.csv");
        lines[1] = lines[1].Replace("2020-11-30", "2020-13-45");
        Write("Opportunity.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        var reject = SingleReject("Opportunity.csv");
        Assert.AreEqual((2L, "CloseDate", "2020-13-45"), (reject.line, reject.column, reject.value));
        StringAssert.StartsWith(reject.reason, "malformed date");
        AssertUnchanged();
    }

    [TestMethod]
    public void ABadNumberIsARejectAndTheStoredRowStays()
    {
        var lines = SampleLines("Opportunity.csv");
        lines[2] = lines[2].Replace(",200,", ",2OO,");
        Write("Opportunity.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        Assert.AreEqual((3L, "Amount", "2OO", "malformed number"), SingleReject("Opportunity.csv"));
        AssertUnchanged();
    }

    [TestMethod]
    public void AShortRowIsARejectNamingTheFieldCounts()
    {
        var lines = SampleLines("Account.csv");
        lines[1] = lines[1][..lines[1].LastIndexOf(',')];
        Write("Account.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        Assert.AreEqual((2L, (string?)null, (string?)null, "expected 5 fields, found 4"), SingleReject("Account.csv"));
        AssertUnchanged();
    }

    [TestMethod]
    public void AnEmptyFileIsRefused()
    {
        File.WriteAllText(Path.Combine(folder, "Account.csv"), "");
        File.Copy(Path.Combine(sample, "Opportunity.csv"), Path.Combine(folder, "Opportunity.csv"));

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Account.csv: empty file (no header line)");
        AssertUnchanged();
    }

    [TestMethod]
    public void AHeaderOnlyFileChangesNothingAndSaysSo()
    {
        Write("Opportunity.csv", SampleLines("Opportunity.csv").Take(1));

        var (code, output, error) = Ingest();

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Opportunity.csv: header only, no rows; nothing changed");
        AssertUnchanged();
    }

    [TestMethod]
    public void AnOversizedFieldIsARejectAndItsValueIsClipped()
    {
        var lines = SampleLines("Account.csv");
        var huge = new string('x', 100_000);
        lines[1] = lines[1].Replace(",Acme,", $",{huge},");
        Write("Account.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        var reject = SingleReject("Account.csv");
        Assert.AreEqual((2L, "Name", "value longer than 255 characters"), (reject.line, reject.column, reject.reason));
        StringAssert.EndsWith(reject.value, "… (100000 characters)");
        AssertUnchanged();
    }

    [TestMethod]
    public void ABomAndCrlfLoadLikeThePlainFile()
    {
        Write("Opportunity.csv", SampleLines("Opportunity.csv"), newline: "\r\n", bom: true);

        var (code, output, error) = Ingest();

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Opportunity.csv");
        using (var c = cycle.Tenant.Open())
            Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_rejects WHERE source_file = 'Opportunity.csv'"));
        AssertUnchanged(); // the same two opportunities, read through the BOM and the CRs
    }

    [TestMethod]
    public void ADoubleBomIsRefusedAsSuch()
    {
        var text = string.Join("\n", SampleLines("Opportunity.csv")) + "\n";
        WriteBytes("Opportunity.csv", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Opportunity.csv: line 1: the file starts with two UTF-8 byte-order marks");
        Assert.DoesNotContain("no Id column", error);
        AssertUnchanged();
    }

    [TestMethod]
    public void ANulInAFieldIsARejectWithItsReason()
    {
        var lines = SampleLines("Account.csv");
        lines[1] = lines[1].Replace(",Acme,", ",Ac\0me,");
        Write("Account.csv", lines);

        var (code, _, error) = Ingest();

        Assert.AreEqual(0, code, error);
        var reject = SingleReject("Account.csv");
        Assert.AreEqual((2L, "Name", "Ac\\0me"), (reject.line, reject.column, reject.value));
        StringAssert.StartsWith(reject.reason, "a NUL character (U+0000) at character 3");
        AssertUnchanged();
    }

    [TestMethod]
    public void AnUnknownObjectIsRefusedBeforeAnyFileLoads()
    {
        var account = SampleLines("Account.csv");
        Write("Account.csv", [account[0], account[1].Replace("Acme", "Renamed")]);
        Write("Opportunities.csv", SampleLines("Opportunity.csv"));

        var (code, _, error) = Ingest();

        Assert.AreEqual(2, code);
        StringAssert.Contains(error, "Opportunities.csv: unknown Salesforce object 'Opportunities'");
        AssertUnchanged();
    }

    [TestMethod]
    public void RejectsShowsCountsByReasonThenTheRows()
    {
        using (var c = cycle.Tenant.Open()) c.Execute("DELETE FROM raw_rejects");
        var sampleLines = SampleLines("Opportunity.csv");
        // A row is rejected for its first problem: opportunity 1 repeated is a duplicate, opportunity 2 never loads.
        Write("Opportunity.csv", [sampleLines[0], sampleLines[1], sampleLines[2].Replace(",200,", ",many,"), sampleLines[1], sampleLines[2].Replace(",200,", ",lots,")]);
        Assert.AreEqual(0, Ingest().code);

        var json = Bfw("rejects", Tenant, "--object", "opportunity", "--json");
        Assert.AreEqual(0, json.code, json.error);
        var summary = JsonDocument.Parse(json.output).RootElement;
        Assert.AreEqual(3, summary.GetProperty("total").GetInt64());
        var reasons = summary.GetProperty("reasons").EnumerateArray()
            .Select(r => (r.GetProperty("column").GetString(), r.GetProperty("reason").GetString(), r.GetProperty("rows").GetInt64())).ToList();
        CollectionAssert.AreEqual(new[] { ("Amount", "malformed number", 2L), ("Id", "duplicate Id in this file", 1L) }, reasons);
        var rows = summary.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("file").GetString(), r.GetProperty("line").GetInt64(), r.GetProperty("column").GetString(), r.GetProperty("value").GetString()))
            .ToList();
        CollectionAssert.AreEqual(new[]
        {
            ("Opportunity.csv", 3L, "Amount", "many"), ("Opportunity.csv", 4L, "Id", "006000000000001AAA"), ("Opportunity.csv", 5L, "Amount", "lots"),
        }, rows);

        var text = Bfw("rejects", Tenant, "--limit", "1");
        Assert.AreEqual(0, text.code, text.error);
        StringAssert.Contains(text.output, "malformed number");
        StringAssert.Contains(text.output, "1 of 3 rejected rows shown");

        var zero = Bfw("rejects", Tenant, "--limit", "0");
        Assert.AreEqual(2, zero.code);
        StringAssert.Contains(zero.error, "--limit must be an integer between 1 and 100000, got 0");
        var unknown = Bfw("rejects", Tenant, "--object", "Widget");
        Assert.AreEqual(2, unknown.code);
        StringAssert.Contains(unknown.error, "--object 'Widget' is not one of Account");
    }
}
