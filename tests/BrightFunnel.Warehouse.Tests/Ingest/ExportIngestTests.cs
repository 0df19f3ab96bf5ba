using System.Text;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Ingest;

[TestClass]
[TestCategory("integration")]
public sealed class ExportIngestTests
{
    TestTenant tenant = null!;
    string folder = "";

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
    }

    [TestCleanup]
    public void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(folder, true);
    }

    void Write(string name, string text, bool bom = false) =>
        File.WriteAllText(Path.Combine(folder, name), text, new UTF8Encoding(bom));

    IReadOnlyList<IngestFileResult> Ingest() => new ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder).Files;

    [TestMethod]
    public void ReadsTheSalesforceExportFormat()
    {
        // BOM, CRLF, quoted commas and line breaks, both datetime forms, 15-char ids, a custom field.
        Write("Account.csv",
            "Id,Name,Website,CreatedDate,SystemModstamp,AnnualRevenue,NumberOfEmployees,Tier__c,Notes__c\r\n" +
            "001000000000001,\"Acme, Inc.\",acme.com,2015-03-04T17:22:10.000Z,2015-03-05T00:00:00.000+0000,1000.5,12,Tier 1,\"two\r\nlines, \"\"quoted\"\"\"\r\n" +
            "001000000000002AAA,Globex,,2016-01-01T00:00:00.000-0500,,,,,\r\n", bom: true);

        var result = Ingest().Single();
        Assert.AreEqual(new IngestFileResult("Account.csv", "Account", 2, 2, 0, 0), result);

        using var c = tenant.Open();
        var acme = c.QuerySingle("SELECT Id, Name, Website, CreatedDate, SystemModstamp, AnnualRevenue, NumberOfEmployees, JSON_UNQUOTE(JSON_EXTRACT(extra, '$.Tier__c')) AS tier, JSON_UNQUOTE(JSON_EXTRACT(extra, '$.Notes__c')) AS notes FROM raw_account WHERE Name LIKE 'Acme%'");
        Assert.AreEqual(SalesforceId.To18("001000000000001"), (string)acme.Id);
        Assert.AreEqual(18, ((string)acme.Id).Length);
        Assert.AreEqual("Acme, Inc.", (string)acme.Name);
        Assert.AreEqual(new DateTime(2015, 3, 4, 17, 22, 10), (DateTime)acme.CreatedDate);
        Assert.AreEqual(new DateTime(2015, 3, 5), (DateTime)acme.SystemModstamp);
        Assert.AreEqual(1000.5m, (decimal)acme.AnnualRevenue);
        Assert.AreEqual("Tier 1", (string)acme.tier);
        Assert.AreEqual("two\r\nlines, \"quoted\"", (string)acme.notes);

        var globex = c.QuerySingle("SELECT Website, CreatedDate, extra FROM raw_account WHERE Name = 'Globex'");
        Assert.IsNull(globex.Website, "empty field is null");
        Assert.AreEqual(new DateTime(2016, 1, 1, 5, 0, 0), (DateTime)globex.CreatedDate, "offsets are converted to UTC");
        Assert.IsNull(globex.extra, "no custom values, no extra");
    }

    [TestMethod]
    public void BadRowsAreRejectedWithTheirReasonAndGoodRowsLoad()
    {
        Write("Opportunity.csv", """
            Id,AccountId,StageName,IsClosed,Amount,CloseDate,IsWon,CreatedDate
            006000000000001AAA,001000000000001AAA,Open,false,100,2020-01-31,true,2020-01-01T00:00:00.000Z
            006000000000002AAA,001000000000001AAA,Open,false,lots,2020-01-31,true,2020-01-01T00:00:00.000Z
            006000000000003AAA,001000000000001AAA,Open,false,100,2020-02-30,true,2020-01-01T00:00:00.000Z
            006000000000004AAA,001000000000001AAA,Open,false,100,2020-01-31,yes,2020-01-01T00:00:00.000Z
            006000000000005AAA,001000000000001AAA,Open,false,100,2020-01-31,false
            ,001000000000001AAA,Open,false,100,2020-01-31,false,2020-01-01T00:00:00.000Z
            006000000000001AAA,001000000000001AAA,Open,false,200,2020-01-31,true,2020-01-01T00:00:00.000Z
            006000000000007AAA,001000000000001AAA,Open,false,300,2020-03-31,false,2020-01-01T00:00:00.000Z
            006000000000008AAA,001000000000001AAA,Open,false,10,2020-03-31,false,01/02/2020
            x06,001000000000001AAA,Open,false,10,2020-03-31,false,2020-01-01T00:00:00.000Z
            """);

        var result = Ingest().Single();
        Assert.AreEqual(10, result.Read);
        Assert.AreEqual(2, result.Loaded);
        Assert.AreEqual(8, result.Rejected);
        Assert.AreEqual(result.Read, result.Loaded + result.Rejected);

        using var c = tenant.Open();
        var rejects = c.Query<(string file, long line, string? column, string? value, string reason)>(
            "SELECT source_file, line_number, column_name, value, reason FROM raw_rejects ORDER BY line_number").ToList();
        Assert.HasCount(8, rejects);
        Assert.IsTrue(rejects.All(r => r.file == "Opportunity.csv"));
        void Expect(long line, string? column, string? value, string reason)
        {
            var r = rejects.Single(x => x.line == line);
            Assert.AreEqual(column, r.column, $"line {line}");
            Assert.AreEqual(value, r.value, $"line {line}");
            StringAssert.Contains(r.reason, reason, $"line {line}");
        }
        Expect(3, "Amount", "lots", "malformed number");
        Expect(4, "CloseDate", "2020-02-30", "malformed date");
        Expect(5, "IsWon", "yes", "malformed boolean");
        Expect(6, null, null, "expected 8 fields, found 7");
        Expect(7, "Id", null, "missing Id");
        Expect(8, "Id", "006000000000001AAA", "duplicate Id in this file (first on line 2)");
        Expect(10, "CreatedDate", "01/02/2020", "malformed datetime");
        Expect(11, "Id", "x06", "malformed Salesforce id");
        Assert.AreEqual(100m, c.ExecuteScalar<decimal>("SELECT Amount FROM raw_opportunity WHERE Id = '006000000000001AAA'"), "the first of a duplicated id loads");
    }

    [TestMethod]
    [DataRow("Account.csv", "Name,Website\nAcme,acme.com\n", "no Id column")]
    [DataRow("Widget.csv", "Id,Name\n001000000000001AAA,x\n", "unknown Salesforce object 'Widget'")]
    [DataRow("Contact.csv", "", "empty file")]
    [DataRow("Contact.csv", "Id,AccountId,Email,CreatedDate,LastName\n003000000000001AAA,,,,\"Smith\n003000000000002AAA,,,,Jones\n", "ends inside a quoted field opened on line 2")]
    public void BrokenFilesFailNamingTheFileAndChangeNothing(string name, string text, string message)
    {
        Write("Campaign.csv", "Id,Name,Type,ActualCost\n701000000000001AAA,Webinar,,\n");
        Write(name, text);
        var e = Assert.ThrowsExactly<BadInputException>(Ingest);
        StringAssert.Contains(e.Message, name);
        StringAssert.Contains(e.Message, message);
        using var c = tenant.Open();
        if (name != "Widget.csv") return; // an unknown object is refused before any file loads
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_campaign"));
    }

    [TestMethod]
    public void TruncatedFileLeavesItsRawTableAsItWas()
    {
        Write("Contact.csv", "Id,AccountId,Email,CreatedDate,LastName,SystemModstamp\n003000000000001AAA,,,,Smith,2020-01-01T00:00:00Z\n");
        Ingest();
        Write("Contact.csv", "Id,AccountId,Email,CreatedDate,LastName,SystemModstamp\n003000000000001AAA,,,,Smythe,2021-01-01T00:00:00Z\n003000000000002AAA,,,,\"Jo");
        Assert.ThrowsExactly<BadInputException>(Ingest);
        using var c = tenant.Open();
        Assert.AreEqual("Smith", c.ExecuteScalar<string>("SELECT LastName FROM raw_contact"));
        Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_contact"));
    }

    [TestMethod]
    public void IncrementalReingestUpdatesNewerRowsAndDeletes()
    {
        Write("Lead.csv", """
            Id,LastName,Company,SystemModstamp,IsDeleted,Email,IsConverted,ConvertedContactId,ConvertedAccountId,CreatedDate
            00Q000000000001EAA,Old,Acme,2020-01-01T00:00:00.000Z,false,,,,,
            00Q000000000002EAA,Keep,Globex,2020-06-01T00:00:00.000Z,false,,,,,
            00Q000000000003EAA,Gone,Initech,2020-01-01T00:00:00.000Z,false,,,,,
            """);
        Ingest();
        Write("Lead.csv", """
            Id,LastName,Company,SystemModstamp,IsDeleted,Email,IsConverted,ConvertedContactId,ConvertedAccountId,CreatedDate
            00Q000000000001EAA,New,Acme,2020-02-01T00:00:00.000Z,false,,,,,
            00Q000000000002EAA,Stale,Globex,2020-05-01T00:00:00.000Z,false,,,,,
            00Q000000000003EAA,Gone,Initech,2020-03-01T00:00:00.000Z,true,,,,,
            00Q000000000004EAA,Fresh,Umbrella,2020-03-01T00:00:00.000Z,false,,,,,
            """);
        var result = Ingest().Single();
        Assert.AreEqual(new IngestFileResult("Lead.csv", "Lead", 4, 4, 0, 1), result);

        using var c = tenant.Open();
        var names = c.Query<(string id, string name)>("SELECT Id, LastName FROM raw_lead ORDER BY Id").ToList();
        CollectionAssert.AreEqual(new[]
        {
            ("00Q000000000001EAA", "New"),    // newer modstamp wins
            ("00Q000000000002EAA", "Keep"),   // an older row does not overwrite a newer one
            ("00Q000000000004EAA", "Fresh"),  // new row inserted
        }, names);                             // 3 was deleted

        Ingest();
        Assert.AreEqual(3L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_lead"), "re-running the same files is idempotent");
    }

    [TestMethod]
    public void AReloadRewritesOnlyTheRowsItChanges()
    {
        const string header = "Id,LastName,Company,SystemModstamp,IsDeleted,Email,IsConverted,ConvertedContactId,ConvertedAccountId,CreatedDate,Lead_Score__c\n";
        Write("Lead.csv", header +
            "00Q000000000001EAA,Same,Acme,2020-01-01T00:00:00.000Z,false,,,,,,10\n" +
            "00Q000000000002EAA,Before,Globex,2020-01-01T00:00:00.000Z,false,,,,,,20\n" +
            "00Q000000000003EAA,Score,Initech,2020-01-01T00:00:00.000Z,false,,,,,,30\n");
        Ingest();
        using var c = tenant.Open();
        c.Execute("UPDATE raw_lead SET _loaded_at = '2001-01-01'");

        // Same modstamps throughout: 1 restated as stored, 2 with a new name, 3 with a new custom value; the file
        // named by its day, as some exports are.
        File.Delete(Path.Combine(folder, "Lead.csv"));
        Write("Lead_2026-12-07.csv", header +
            "00Q000000000001EAA,Same,Acme,2020-01-01T00:00:00.000Z,false,,,,,,10\n" +
            "00Q000000000002EAA,After,Globex,2020-01-01T00:00:00.000Z,false,,,,,,20\n" +
            "00Q000000000003EAA,Score,Initech,2020-01-01T00:00:00.000Z,false,,,,,,31\n");
        Assert.AreEqual(new IngestFileResult("Lead_2026-12-07.csv", "Lead", 3, 3, 0, 0), Ingest().Single());

        var rows = c.Query<(string id, string name, string score, bool rewritten, string file)>(
            "SELECT Id, LastName, JSON_UNQUOTE(JSON_EXTRACT(extra, '$.Lead_Score__c')), _loaded_at > '2001-01-01', _source_file FROM raw_lead ORDER BY Id").ToList();
        CollectionAssert.AreEqual(new[]
        {
            ("00Q000000000001EAA", "Same", "10", false, "Lead.csv"),                // restated unchanged: left as stored
            ("00Q000000000002EAA", "After", "20", true, "Lead_2026-12-07.csv"),    // a typed column changed
            ("00Q000000000003EAA", "Score", "31", true, "Lead_2026-12-07.csv"),    // a custom field changed
        }, rows);
    }

    [TestMethod]
    public void AReloadWritesOnlyTheColumnsItCarriesAndMergesCustomFields()
    {
        Write("Account.csv", """
            Id,Name,Website,CreatedDate,Tier__c,Industry,Segment__c,Notes__c
            001000000000001AAA,Acme,acme.com,2019-01-01T00:00:00.000Z,Tier 1,Software,Mid,keep me
            """);
        Ingest();
        // No Industry (typed) and no Notes__c (custom): both keep their values. Segment__c empty: removed. Region__c new: added.
        Write("Account.csv", """
            Id,Name,Website,CreatedDate,Tier__c,Segment__c,Region__c
            001000000000001AAA,Acme Inc,acme.com,2019-01-01T00:00:00.000Z,Tier 2,,EMEA
            001000000000002AAA,Globex,globex.com,2019-01-01T00:00:00.000Z,,,
            """);
        Ingest();

        using var c = tenant.Open();
        var acme = c.QuerySingle<(string name, string? industry, string extra)>("SELECT Name, Industry, extra FROM raw_account WHERE Id = '001000000000001AAA'");
        Assert.AreEqual(("Acme Inc", "Software"), (acme.name, acme.industry));
        Assert.AreEqual("""{"Tier__c":"Tier 2","Notes__c":"keep me","Region__c":"EMEA"}""", acme.extra);
        Assert.IsNull(c.ExecuteScalar<string?>("SELECT extra FROM raw_account WHERE Id = '001000000000002AAA'"), "a new row without custom values has no extra");
    }

    [TestMethod]
    public void AReloadOfTwoThousandCustomColumnsMergesEveryField()
    {
        const int customs = 2000;
        string Export(Func<int, string> value) =>
            "Id,Name,Website,CreatedDate,Tier__c," + string.Join(",", Enumerable.Range(0, customs).Select(i => $"C{i}__c")) + "\n" +
            string.Concat(Enumerable.Range(1, 50).Select(r => $"0010000000000{r:00}AAA,Account {r},a{r}.com,2019-01-01T00:00:00.000Z,Tier 1,"
                + string.Join(",", Enumerable.Range(0, customs).Select(i => value(i))) + "\n"));
        Write("Account.csv", Export(i => $"old{i}"));
        Ingest();
        // Every other field changes, every tenth is emptied (removed), the rest keep their values.
        Write("Account.csv", Export(i => i % 10 == 0 ? "" : i % 2 == 1 ? $"new{i}" : $"old{i}"));

        var result = Ingest().Single();

        Assert.AreEqual((50L, 50L, 0L), (result.Read, result.Loaded, result.Rejected));
        using var c = tenant.Open();
        foreach (var extra in c.Query<string>("SELECT extra FROM raw_account"))
        {
            var fields = System.Text.Json.JsonDocument.Parse(extra).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            Assert.HasCount(1 + customs - customs / 10, fields, "Tier__c and the fields not emptied");
            Assert.AreEqual("new1", fields["C1__c"]);
            Assert.AreEqual("old2", fields["C2__c"]);
            Assert.IsFalse(fields.ContainsKey("C10__c"), "an emptied field is removed");
            Assert.AreEqual("new1999", fields["C1999__c"]);
        }
    }

    [TestMethod]
    public async Task ACancelledReloadKillsItsStatementAndLeavesTheRawTableAsItWas()
    {
        Write("Account.csv", "Id,Name,Website,CreatedDate,Tier__c\n001000000000001AAA,Acme,acme.com,2019-01-01T00:00:00.000Z,Tier 1\n");
        Ingest();
        Write("Account.csv", "Id,Name,Website,CreatedDate,Tier__c\n001000000000001AAA,Acme Inc,acme.com,2019-01-01T00:00:00.000Z,Tier 2\n");
        // Another session holds a read lock, so the merge's UPDATE waits on it until it is killed.
        await using (var reader = new MySql.Data.MySqlClient.MySqlConnection(tenant.ConnectionString))
        {
            reader.Open();
            reader.Execute("LOCK TABLES raw_account READ");
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var connection = tenant.Migrations.Directory.TenantConnectionString(tenant.Id);
            var e = Assert.ThrowsExactly<OperationCanceledException>(() => new ExportIngestor(connection, new TenantConfig()).IngestFolder(folder, cancel.Token));
            StringAssert.Contains(e.Message, "cancelled while running: UPDATE `raw_account`");
        }
        using var c = tenant.Open();
        Assert.AreEqual(("Acme", """{"Tier__c":"Tier 1"}"""), c.QuerySingle<(string, string)>("SELECT Name, extra FROM raw_account"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.processlist WHERE info LIKE 'UPDATE `raw_account`%'"),
            "the statement was killed on the server, not left to finish");
    }
}
