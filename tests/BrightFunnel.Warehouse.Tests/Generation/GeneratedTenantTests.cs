using System.Globalization;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

/// <summary>The shape of a generated size-S tenant, read back with the strict test reader.</summary>
[TestClass]
public sealed partial class GeneratedTenantTests
{
    const long Seed = 20240521;
    static string folder = "";
    static GenerationReport report = null!;
    static readonly Dictionary<string, StrictCsvReader> Files = [];

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), $"bfw-gen-{Guid.NewGuid():N}");
        report = TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, Seed, folder));
        foreach (var file in report.Files) Files[file.FileName] = StrictCsvReader.ReadFile(Path.Combine(folder, file.FileName));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    static StrictCsvReader Account => Files[ExportFiles.Account];
    static StrictCsvReader Contact => Files[ExportFiles.Contact];
    static StrictCsvReader Lead => Files[ExportFiles.Lead];
    static StrictCsvReader Campaign => Files[ExportFiles.Campaign];
    static StrictCsvReader Member => Files[ExportFiles.CampaignMember];
    static StrictCsvReader Opportunity => Files[ExportFiles.Opportunity];
    static StrictCsvReader Role => Files[ExportFiles.OpportunityContactRole];
    static StrictCsvReader Truth => Files[ExportFiles.OrphanLeadTruth];

    static string V(StrictCsvReader file, string[] row, string column) => row[file.Column(column)];

    [TestMethod]
    public void WritesEveryObjectFileAndTheTruth()
    {
        CollectionAssert.AreEquivalent(
            new[] { "Account.csv", "Contact.csv", "Lead.csv", "Campaign.csv", "CampaignMember.csv", "Opportunity.csv", "OpportunityContactRole.csv" },
            Directory.GetFiles(folder).Select(Path.GetFileName).ToArray(), "only exports at the top level: the ingest reads them all");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "ground_truth", "orphan_leads_truth.csv")));
        foreach (var f in report.Files) Assert.AreEqual(Files[f.FileName].Records.Count, f.Rows, f.FileName);
    }

    [TestMethod]
    public void ColumnsAreTheRawTablesStandardFieldsPlusIsDeletedAndCustomFields()
    {
        var sql = File.ReadAllText(Path.Combine(TestServer.SqlRoot, "tenant", "0001_raw_tables.sql"));
        var tables = new Dictionary<string, string>
        {
            [ExportFiles.Account] = "raw_account", [ExportFiles.Contact] = "raw_contact", [ExportFiles.Lead] = "raw_lead",
            [ExportFiles.Campaign] = "raw_campaign", [ExportFiles.CampaignMember] = "raw_campaign_member",
            [ExportFiles.Opportunity] = "raw_opportunity", [ExportFiles.OpportunityContactRole] = "raw_opportunity_contact_role",
        };
        foreach (var (file, table) in tables)
        {
            var body = Regex.Match(sql, $@"CREATE TABLE {table} \((.*?)\) ENGINE", RegexOptions.Singleline).Groups[1].Value;
            var standard = body.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("KEY", StringComparison.Ordinal))
                .Select(l => l.Split(' ')[0]).Where(c => c is not ("extra" or "_source_file" or "_loaded_at")).ToList();
            var header = Files[file].Header;
            CollectionAssert.AreEqual(standard, header.Take(standard.Count).ToList(), file);
            var rest = header.Skip(standard.Count).ToList();
            Assert.AreEqual("IsDeleted", rest[0], file);
            Assert.IsTrue(rest.Skip(1).All(c => c.EndsWith("__c", StringComparison.Ordinal)), file);
            Assert.IsTrue(Files[file].Values("IsDeleted").All(v => v == "false"), file);
        }
        CollectionAssert.IsSubsetOf(new[] { "Tier__c", "Segment__c" }, Account.Header);
        CollectionAssert.Contains(Opportunity.Header, "ARR__c");
        CollectionAssert.AreEqual(new[] { "LeadId", "AccountId" }, Truth.Header);
    }

    [TestMethod]
    public void FilesUseTheDocumentedLayouts()
    {
        foreach (var (file, _, format) in ExportFiles.Objects)
        {
            Assert.AreEqual(format.ByteOrderMark, Files[file].HasBom, file);
            Assert.AreEqual(format.NewLine, Files[file].NewLine, file);
            Assert.AreEqual(format.QuoteAll, Files[file].AllQuoted, file);
        }
        Assert.IsTrue(Files.Values.Any(f => f.HasBom) && Files.Values.Any(f => !f.HasBom));
    }

    [TestMethod]
    public void CountsMatchSizeS()
    {
        Assert.HasCount(1_000, Account.Records);
        Assert.HasCount(6_000, Contact.Records);
        Assert.HasCount(4_500, Lead.Records);
        Assert.HasCount(80, Campaign.Records);
        Assert.HasCount(1_500, Opportunity.Records);
        Assert.IsInRange(16_000, 24_000, Member.Records.Count);
        Assert.IsInRange(1_500, 5_000, Role.Records.Count);
    }

    [TestMethod]
    public void EveryIdIsAValidUniqueEighteenCharacterIdWithItsObjectsPrefix()
    {
        var prefixes = new Dictionary<string, string>
        {
            [ExportFiles.Account] = "001", [ExportFiles.Contact] = "003", [ExportFiles.Lead] = "00Q", [ExportFiles.Campaign] = "701",
            [ExportFiles.CampaignMember] = "00v", [ExportFiles.Opportunity] = "006", [ExportFiles.OpportunityContactRole] = "00K",
        };
        foreach (var (file, prefix) in prefixes)
        {
            var ids = Files[file].Values("Id").ToList();
            Assert.AreEqual(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count(), $"{file}: ids unique even case-insensitively");
            foreach (var id in ids)
            {
                Assert.AreEqual(18, id.Length, file);
                Assert.IsTrue(id.StartsWith(prefix, StringComparison.Ordinal), $"{file}: {id}");
                Assert.AreEqual(id, SalesforceId.To18(id[..15]), file);
            }
        }
        // Every other id-valued column holds 18-character ids too.
        foreach (var (file, _, _) in ExportFiles.Objects)
            foreach (var column in Files[file].Header.Where(h => h.EndsWith("Id", StringComparison.Ordinal) && h != "Id"))
                foreach (var v in Files[file].Values(column).Where(v => v.Length > 0))
                    Assert.IsTrue(v.Length == 18 && SalesforceId.IsValid(v), $"{file}.{column}: {v}");
    }

    [TestMethod]
    public void EveryReferencedIdExists()
    {
        var accounts = Account.Values("Id").ToHashSet();
        var contacts = Contact.Values("Id").ToHashSet();
        var leads = Lead.Values("Id").ToHashSet();
        var campaigns = Campaign.Values("Id").ToHashSet();
        var opportunities = Opportunity.Values("Id").ToHashSet();
        void Refs(StrictCsvReader file, string column, HashSet<string> target, bool required)
        {
            foreach (var v in file.Values(column))
            {
                if (v.Length == 0) { Assert.IsFalse(required, column); continue; }
                Assert.Contains(v, target, column);
            }
        }
        Refs(Account, "ParentId", accounts, false);
        Refs(Contact, "AccountId", accounts, true);
        Refs(Lead, "ConvertedAccountId", accounts, false);
        Refs(Lead, "ConvertedContactId", contacts, false);
        Refs(Lead, "ConvertedOpportunityId", opportunities, false);
        Refs(Campaign, "ParentId", campaigns, false);
        Refs(Member, "CampaignId", campaigns, true);
        Refs(Member, "ContactId", contacts, false);
        Refs(Member, "LeadId", leads, false);
        Refs(Opportunity, "AccountId", accounts, true);
        Refs(Opportunity, "CampaignId", campaigns, false);
        Refs(Role, "OpportunityId", opportunities, true);
        Refs(Role, "ContactId", contacts, true);
        Refs(Truth, "LeadId", leads, true);
        Refs(Truth, "AccountId", accounts, false);
        foreach (var m in Member.Records)
            Assert.IsTrue(V(Member, m, "ContactId").Length > 0 || V(Member, m, "LeadId").Length > 0, "a member is a contact or a lead");
        Assert.IsTrue(Account.Values("ParentId").Any(v => v.Length > 0), "some subsidiaries");
        Assert.IsTrue(Campaign.Values("ParentId").Any(v => v.Length > 0), "some campaigns under programs");
    }

    [TestMethod]
    public void ValuesUseSalesforceFormats()
    {
        var dateTime = DateTimeRegex();
        var date = DateRegex();
        var reference = report.ReferenceDate.ToDateTime(TimeOnly.MinValue);
        foreach (var (file, _, _) in ExportFiles.Objects)
        {
            var f = Files[file];
            foreach (var column in new[] { "CreatedDate", "LastModifiedDate", "SystemModstamp" })
                foreach (var v in f.Values(column))
                {
                    Assert.IsTrue(dateTime.IsMatch(v), $"{file}.{column}: {v}");
                    Assert.IsLessThan(reference, DateTime.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), $"{file}.{column} before R");
                }
            foreach (var column in f.Header.Where(h => h is "IsDeleted" or "IsConverted" or "IsActive" or "HasResponded" or "IsClosed" or "IsWon" or "IsPrimary"))
                Assert.IsTrue(f.Values(column).All(v => v is "true" or "false"), $"{file}.{column}");
            foreach (var column in f.Header.Where(h => h is "StartDate" or "EndDate" or "CloseDate" or "ConvertedDate" or "FirstRespondedDate"))
                Assert.IsTrue(f.Values(column).All(v => v.Length == 0 || date.IsMatch(v)), $"{file}.{column}");
            foreach (var r in f.Records)
                Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(V(f, r, "CreatedDate"), V(f, r, "LastModifiedDate")), $"{file}: modified after created");
        }
    }

    [TestMethod]
    public void TextExercisesRfc4180Quoting()
    {
        var all = Files.Values.SelectMany(f => f.Records).SelectMany(r => r).ToList();
        Assert.IsTrue(Account.Values("Name").Any(v => v.Contains(',')), "a name with a comma");
        Assert.IsTrue(all.Any(v => v.Contains('"')), "a value with a quote");
        Assert.IsTrue(Account.Values("Notes__c").Any(v => v.Contains('\n')), "a value with a line break");
        Assert.IsTrue(Account.Values("Notes__c").Any(v => v.Contains("\r\n")), "a value with a CRLF line break");
        Assert.IsTrue(all.Any(v => v.Any(c => c > 127)), "non-ASCII text");
    }

    [TestMethod]
    public void AccountsAreSkewedAndNamedAndReachableOnTheWeb()
    {
        var perAccount = Contact.Values("AccountId").GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
        var sizes = Account.Values("Id").Select(a => perAccount.GetValueOrDefault(a)).OrderDescending().ToList();
        Assert.IsGreaterThanOrEqualTo(150, sizes[0], "a few very large accounts");
        Assert.IsGreaterThanOrEqualTo(20 * Math.Max(1, sizes[sizes.Count / 2]), sizes[2], "far above the median");
        Assert.IsTrue(sizes.Contains(0), "some accounts have no contacts");
        var oppsPerAccount = Opportunity.Values("AccountId").GroupBy(a => a).Select(g => g.Count()).OrderDescending().ToList();
        Assert.IsGreaterThanOrEqualTo(30, oppsPerAccount[0], "enterprise accounts have many opportunities");

        var names = Account.Values("Name").ToList();
        Assert.IsTrue(names.Any(n => n.EndsWith(", Inc.", StringComparison.Ordinal)));
        Assert.IsTrue(names.Any(n => n.EndsWith(" GmbH", StringComparison.Ordinal) || n.EndsWith(" Ltd", StringComparison.Ordinal)));
        Assert.IsTrue(names.Count(n => !n.Contains(' ') || !Regex.IsMatch(n, @"(Inc\.?|LLC|Ltd\.?|Limited|Corp\.?|Corporation|GmbH|AG|SAS?|S\.A\.|B\.?V\.?|N\.V\.|PLC|K\.K\.|Ltda|Incorporated)$")) > names.Count / 4, "many names without a suffix");
        var websites = Account.Values("Website").ToList();
        Assert.IsTrue(websites.Any(w => w.StartsWith("http://www.", StringComparison.Ordinal)));
        Assert.IsTrue(websites.Any(w => w.EndsWith(".co.uk", StringComparison.Ordinal) || w.EndsWith(".co.uk/", StringComparison.Ordinal)));
        Assert.IsTrue(websites.Any(w => w.Length == 0), "some accounts have no website");
        CollectionAssert.IsSubsetOf(Account.Values("Tier__c").Where(v => v.Length > 0).Distinct().ToList(), new[] { "Tier 1", "Tier 2", "Tier 3" });
        CollectionAssert.AreEquivalent(new[] { "Enterprise", "Mid-Market", "SMB" }, Account.Values("Segment__c").Where(v => v.Length > 0).Distinct().ToList());
        Assert.IsGreaterThan(0.8, Contact.Values("Email").Count(e => e.Length > 0 && !FreeMail(e)) / (double)Contact.Records.Count, "contacts mostly have work emails");
    }

    [TestMethod]
    public void ConvertedLeadsPointAtTheirContactAccountAndOpportunity()
    {
        var contacts = Contact.Records.ToDictionary(r => V(Contact, r, "Id"));
        var opportunities = Opportunity.Records.ToDictionary(r => V(Opportunity, r, "Id"));
        var converted = 0;
        foreach (var l in Lead.Records)
        {
            var isConverted = V(Lead, l, "IsConverted") == "true";
            var contactId = V(Lead, l, "ConvertedContactId");
            Assert.AreEqual(isConverted, contactId.Length > 0);
            Assert.AreEqual(isConverted, V(Lead, l, "ConvertedAccountId").Length > 0);
            Assert.AreEqual(isConverted, V(Lead, l, "ConvertedDate").Length > 0);
            Assert.AreEqual(isConverted, V(Lead, l, "Status") == "Closed - Converted");
            if (!isConverted) { Assert.AreEqual("", V(Lead, l, "ConvertedOpportunityId")); continue; }
            converted++;
            var contact = contacts[contactId];
            Assert.AreEqual(V(Contact, contact, "AccountId"), V(Lead, l, "ConvertedAccountId"));
            Assert.AreEqual(V(Contact, contact, "Email"), V(Lead, l, "Email"));
            Assert.AreEqual(V(Contact, contact, "CreatedDate")[..10], V(Lead, l, "ConvertedDate"));
            Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(V(Lead, l, "CreatedDate"), V(Contact, contact, "CreatedDate")), "lead created before its conversion");
            var opportunityId = V(Lead, l, "ConvertedOpportunityId");
            if (opportunityId.Length > 0) Assert.AreEqual(V(Lead, l, "ConvertedAccountId"), V(Opportunity, opportunities[opportunityId], "AccountId"));
        }
        Assert.IsInRange(1_000, 3_000, converted);
        Assert.IsTrue(Lead.Values("ConvertedOpportunityId").Any(v => v.Length > 0));
        Assert.AreEqual(converted, Lead.Values("ConvertedContactId").Where(v => v.Length > 0).Distinct().Count(), "one lead per converted contact");
    }

    [TestMethod]
    public void GroundTruthCoversEveryOrphanLeadAndOnlyThem()
    {
        var orphans = Lead.Records.Where(l => V(Lead, l, "IsConverted") == "false").Select(l => V(Lead, l, "Id")).ToList();
        CollectionAssert.AreEquivalent(orphans, Truth.Values("LeadId").ToList());
        var truth = Truth.Records.ToDictionary(r => r[0], r => r[1]);
        var none = truth.Values.Count(a => a.Length == 0);
        Assert.IsInRange(0.1, 0.3, none / (double)truth.Count, "some orphan leads belong to no account");

        // Domains of each account: its website and its contacts' work addresses, compared by registrable domain.
        var domains = new Dictionary<string, HashSet<string>>();
        foreach (var a in Account.Records)
            domains[V(Account, a, "Id")] = V(Account, a, "Website") is { Length: > 0 } w ? [Registrable(Host(w))] : [];
        foreach (var c in Contact.Records)
            if (V(Contact, c, "Email") is { Length: > 0 } e && !FreeMail(e)) domains[V(Contact, c, "AccountId")].Add(Registrable(MailHost(e)));
        var leads = Lead.Records.ToDictionary(l => V(Lead, l, "Id"));
        int work = 0, free = 0, atDomain = 0, atSubdomain = 0;
        foreach (var (leadId, accountId) in truth.Where(t => t.Value.Length > 0))
        {
            var email = V(Lead, leads[leadId], "Email");
            Assert.IsFalse(string.IsNullOrEmpty(V(Lead, leads[leadId], "Company")));
            if (FreeMail(email)) { free++; continue; }
            work++;
            var host = MailHost(email);
            if (domains[accountId].Contains(Registrable(host))) atDomain++;
            if (host != Registrable(host)) atSubdomain++;
        }
        Assert.IsGreaterThan(free, work, "most orphan leads at an account use a work address");
        Assert.IsGreaterThan(0, free, "some use free-mail");
        Assert.AreEqual(work, atDomain, "a work address is at the true account's domain or a subdomain of it");
        Assert.IsGreaterThan(0, atSubdomain, "some use a subdomain");

        // Company names vary but stay recognisable: most normalise to the account's own name.
        var accountNames = Account.Records.ToDictionary(a => V(Account, a, "Id"), a => V(Account, a, "Name"));
        var pairs = truth.Where(t => t.Value.Length > 0).Select(t => (Company: V(Lead, leads[t.Key], "Company"), Account: accountNames[t.Value])).ToList();
        Assert.IsGreaterThan(0.5, pairs.Count(p => p.Company != p.Account) / (double)pairs.Count, "names are varied");
        Assert.IsGreaterThan(0.9, pairs.Count(p => Normalize(p.Company) == Normalize(p.Account)) / (double)pairs.Count, "and normalise back");
    }

    [TestMethod]
    public void CampaignMembersFollowSalesforceRules()
    {
        var pairsByContact = Member.Records.Where(m => V(Member, m, "ContactId").Length > 0).Select(m => (V(Member, m, "CampaignId"), V(Member, m, "ContactId"))).ToList();
        var pairsByLead = Member.Records.Where(m => V(Member, m, "LeadId").Length > 0).Select(m => (V(Member, m, "CampaignId"), V(Member, m, "LeadId"))).ToList();
        Assert.AreEqual(pairsByContact.Count, pairsByContact.Distinct().Count(), "no contact twice in a campaign");
        Assert.AreEqual(pairsByLead.Count, pairsByLead.Distinct().Count(), "no lead twice in a campaign");

        var contactRows = Member.Records.Count(m => V(Member, m, "ContactId").Length > 0 && V(Member, m, "LeadId").Length == 0);
        var leadRows = Member.Records.Count(m => V(Member, m, "LeadId").Length > 0);
        Assert.IsGreaterThan(leadRows, contactRows, "mostly contacts");
        var converted = Lead.Records.Where(l => V(Lead, l, "IsConverted") == "true").ToDictionary(l => V(Lead, l, "Id"), l => V(Lead, l, "ConvertedContactId"));
        var convertedLeadRows = pairsByLead.Count(p => converted.ContainsKey(p.Item2));
        Assert.IsGreaterThan(0, convertedLeadRows, "converted leads keep memberships");
        Assert.IsGreaterThan(0, leadRows - convertedLeadRows, "unconverted leads are members");
        var contactPairs = pairsByContact.ToHashSet();
        Assert.IsGreaterThan(0, pairsByLead.Count(p => converted.TryGetValue(p.Item2, out var c) && contactPairs.Contains((p.Item1, c))), "a converted lead and its contact in one campaign");

        // A membership is created while its person exists: after the contact or lead was created,
        // and for a converted lead before its conversion (which created the contact).
        var contactCreated = Contact.Records.ToDictionary(c => V(Contact, c, "Id"), c => V(Contact, c, "CreatedDate"));
        var leadCreated = Lead.Records.ToDictionary(l => V(Lead, l, "Id"), l => V(Lead, l, "CreatedDate"));
        foreach (var m in Member.Records)
        {
            var created = V(Member, m, "CreatedDate");
            var lead = V(Member, m, "LeadId");
            if (lead.Length > 0)
            {
                Assert.IsLessThan(0, string.CompareOrdinal(leadCreated[lead], created), "member after its lead");
                if (converted.TryGetValue(lead, out var contact))
                    Assert.IsLessThan(0, string.CompareOrdinal(created, contactCreated[contact]), "a converted lead's membership before its conversion");
            }
            else Assert.IsLessThan(0, string.CompareOrdinal(contactCreated[V(Member, m, "ContactId")], created), "member after its contact");
        }

        var responded = Member.Records.Where(m => V(Member, m, "HasResponded") == "true").ToList();
        Assert.IsInRange(0.4, 0.6, responded.Count / (double)Member.Records.Count);
        Assert.IsGreaterThan(0.97, responded.Count(m => V(Member, m, "FirstRespondedDate").Length > 0) / (double)responded.Count);
        Assert.IsTrue(Member.Records.Where(m => V(Member, m, "HasResponded") == "false").All(m => V(Member, m, "FirstRespondedDate").Length == 0));
        foreach (var m in responded.Where(m => V(Member, m, "FirstRespondedDate").Length > 0))
            Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(V(Member, m, "CreatedDate")[..10], V(Member, m, "FirstRespondedDate")));

        // About three years before R, with many same-day responses in one campaign (tie-breaks).
        var days = responded.Select(m => DateOnly.Parse(V(Member, m, "CreatedDate")[..10], CultureInfo.InvariantCulture)).ToList();
        Assert.IsGreaterThanOrEqualTo(report.ReferenceDate.AddDays(-Timeline.WindowDays), days.Min());
        Assert.IsGreaterThan(900, report.ReferenceDate.DayNumber - days.Min().DayNumber);
        var sameDay = responded.GroupBy(m => (V(Member, m, "CampaignId"), V(Member, m, "FirstRespondedDate"))).Count(g => g.Count() > 1);
        Assert.IsGreaterThan(50, sameDay);
    }

    [TestMethod]
    public void CampaignsHaveTypesCostsAndStatuses()
    {
        var types = Campaign.Values("Type").Where(t => t.Length > 0).Distinct().ToList();
        Assert.IsGreaterThanOrEqualTo(5, types.Count);
        CollectionAssert.Contains(types, "Webinar");
        Assert.IsTrue(Campaign.Values("ActualCost").Any(c => c.Length > 0 && decimal.Parse(c, CultureInfo.InvariantCulture) > 0));
        CollectionAssert.IsSubsetOf(Campaign.Values("Status").Distinct().ToList(), new[] { "Planned", "In Progress", "Completed", "Aborted" });
        foreach (var c in Campaign.Records) Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(V(Campaign, c, "StartDate"), V(Campaign, c, "EndDate")));
    }

    [TestMethod]
    public void OpportunitiesAreConsistentAndContactRolesHaveRealisticGaps()
    {
        var stages = new Dictionary<string, (bool Closed, bool Won)>
        {
            ["Prospecting"] = (false, false), ["Qualification"] = (false, false), ["Proposal"] = (false, false),
            ["Negotiation"] = (false, false), ["Closed Won"] = (true, true), ["Closed Lost"] = (true, false),
        };
        var differ = 0;
        foreach (var o in Opportunity.Records)
        {
            var (closed, won) = stages[V(Opportunity, o, "StageName")];
            Assert.AreEqual(closed ? "true" : "false", V(Opportunity, o, "IsClosed"));
            Assert.AreEqual(won ? "true" : "false", V(Opportunity, o, "IsWon"));
            Assert.IsLessThanOrEqualTo(0, string.CompareOrdinal(V(Opportunity, o, "CreatedDate")[..10], V(Opportunity, o, "CloseDate")), "created before close");
            if (V(Opportunity, o, "Amount") != V(Opportunity, o, "ARR__c")) differ++;
        }
        Assert.IsGreaterThan(0.95, differ / (double)Opportunity.Records.Count, "ARR__c is not Amount");
        Assert.IsTrue(stages.Keys.All(s => Opportunity.Values("StageName").Contains(s)), "every stage occurs");

        var contactsPerAccount = Contact.Values("AccountId").ToHashSet();
        Assert.IsTrue(Opportunity.Values("AccountId").Any(a => !contactsPerAccount.Contains(a)), "some opportunities on accounts without contacts");
        var roles = Role.Records.GroupBy(r => V(Role, r, "OpportunityId")).ToDictionary(g => g.Key, g => g.ToList());
        var withoutRoles = Opportunity.Values("Id").Count(o => !roles.ContainsKey(o));
        Assert.IsInRange(0.1, 0.5, withoutRoles / (double)Opportunity.Records.Count, "some opportunities have no contact role");
        Assert.IsTrue(roles.Values.All(r => r.Count(x => V(Role, x, "IsPrimary") == "true") <= 1), "at most one primary");
        var withPrimary = roles.Values.Count(r => r.Any(x => V(Role, x, "IsPrimary") == "true"));
        Assert.IsInRange(0.75, 0.97, withPrimary / (double)roles.Count, "most, not all, have a primary");
        Assert.IsTrue(Role.Values("Role").Any(r => r.Length == 0), "some roles have no Role");
        foreach (var list in roles.Values)
        {
            var contacts = list.Select(x => V(Role, x, "ContactId")).ToList();
            Assert.AreEqual(contacts.Count, contacts.Distinct().Count(), "a contact holds one role per opportunity");
        }
    }

    [TestMethod]
    public void TheReportedReferenceDateComesFromTheSeed()
    {
        Assert.AreEqual(Timeline.ReferenceDateFor(Seed), report.ReferenceDate);
        Assert.IsInRange(new DateOnly(2023, 1, 1), new DateOnly(2025, 1, 1), report.ReferenceDate);
    }

    static readonly string[] FreeMailDomains = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com"];

    static bool FreeMail(string email) => email.Length == 0 || FreeMailDomains.Contains(email[(email.IndexOf('@') + 1)..]);

    static string MailHost(string email) => email[(email.IndexOf('@') + 1)..];

    static readonly string[] SecondLevel = ["co.uk", "com.au", "co.jp", "co.in", "com.br"];

    static string Registrable(string host)
    {
        var labels = host.Split('.');
        var keep = labels.Length >= 3 && SecondLevel.Contains(string.Join('.', labels[^2..])) ? 3 : 2;
        return string.Join('.', labels[^Math.Min(keep, labels.Length)..]);
    }

    static string Host(string website)
    {
        var w = website.ToLowerInvariant();
        w = Regex.Replace(w, "^https?://", "");
        w = w.Split('/')[0];
        return w.StartsWith("www.", StringComparison.Ordinal) ? w[4..] : w;
    }

    /// <summary>Lower case, letters and digits, legal suffixes dropped (the matcher's job, roughly).</summary>
    static string Normalize(string name)
    {
        var words = Regex.Replace(name.ToLowerInvariant(), @"[^\p{L}\p{Nd}& ]", "").Replace("&", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string[] legal = ["inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "sa", "sas", "bv", "nv", "plc", "pty", "kk", "ltda"];
        while (words.Count > 0 && legal.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        return string.Join(' ', words);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateRegex();
}
