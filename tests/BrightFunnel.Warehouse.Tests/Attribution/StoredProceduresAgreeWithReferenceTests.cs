using BrightFunnel.Warehouse.Orchestrator.Matching;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The stored procedures, the Impala offload (local engine over TCP) and the C# reference on one
/// random canonical tenant, under every influence path and several settings: every credit and
/// every unattributed row must agree.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class StoredProceduresAgreeWithReferenceTests
{
    TestTenant tenant = null!;

    [TestInitialize]
    public void Setup() => tenant = new TestTenant();

    [TestCleanup]
    public void Cleanup() => tenant.Dispose();

    [TestMethod]
    public void StoredProceduresAgreeOnEveryPathAndSetting() => EveryPathAndSettingAgrees(() => new MySqlAttributionEngine(tenant.ConnectionString).Attribute(), new ImpalaSettings());

    [TestMethod]
    public async Task TheImpalaOffloadAgreesOnEveryPathAndSetting()
    {
        await using var engine = TestEngine.Start();
        var run = 0;
        EveryPathAndSettingAgrees(() => new ImpalaAttributionEngine(tenant.Id, ++run, tenant.ConnectionString, engine.OffloadSettings(), tenant.Settings.SqlRoot).Offload(),
            engine.OffloadSettings());
    }

    /// <summary>Reads what the engine built from wherever it keeps the pairs (<paramref name="impala"/> for the cluster).</summary>
    void EveryPathAndSettingAgrees(Action attribute, ImpalaSettings impala)
    {
        var input = RandomTenant(new Random(2024));
        using (var c = tenant.Open()) Write(c, input);

        var cases = new (TenantConfig Config, AttributionSettings Settings)[]
        {
            (new TenantConfig(), new AttributionSettings()),
            (new TenantConfig { InfluencePath = "contact_roles", LookbackDays = 90, TimeDecayHalfLifeDays = 10.5, CustomX = 25, CustomY = 50 },
             new AttributionSettings { InfluencePath = InfluencePath.ContactRoles, LookbackDays = 90, HalfLifeDays = 10.5, CustomFirstLastPercent = 25, CustomMiddlePercent = 50 }),
            (new TenantConfig { InfluencePath = "primary_contact_role", CustomX = 50, CustomY = 0 },
             new AttributionSettings { InfluencePath = InfluencePath.PrimaryContactRole, CustomFirstLastPercent = 50, CustomMiddlePercent = 0 }),
            (new TenantConfig { MinMatchConfidence = "Low", LookbackDays = 0, Models = ["w_shaped", "full_path", "time_decay"] },
             new AttributionSettings { MinMatchConfidence = MatchConfidence.Low, LookbackDays = 0, Models = ["w_shaped", "full_path", "time_decay"] }),
            (new TenantConfig { MinMatchConfidence = "High" }, new AttributionSettings { MinMatchConfidence = MatchConfidence.High }),
        };
        var version = 1;
        foreach (var (config, settings) in cases)
        {
            using var c = tenant.Open();
            TenantSettingsWriter.Write(c, new TenantConfigVersion(version++, config, DateTime.UtcNow, "test"));
            attribute();
            var expected = AttributionReference.Compute(input, settings);
            var built = new AttributionPairs(tenant.ConnectionString, impala);
            var actual = new AttributionResult(
                built.ReadAsync(tenant.Id).GetAwaiter().GetResult()
                    .SelectMany(p => p.Shares.Where(s => s.Value is not null).Select(s =>
                        new AttributionCredit(p.OpportunityId, p.Stage, s.Key, p.TouchId, p.CampaignId, s.Value!.Value, (double)p.Amount * s.Value!.Value)))
                    .ToArray(),
                built.UnattributedAsync(tenant.Id).GetAwaiter().GetResult()
                    .Select(r => new UnattributedOpportunity(r.OpportunityId, r.Stage)).ToArray());
            var problems = AttributionDiff.Between(expected, actual);
            Assert.IsEmpty(problems, $"{settings}: {problems.Count} differences, first: {string.Join("\n", problems.Take(10))}");
            Assert.IsGreaterThan(100, expected.Credits.Count, "the tenant must actually produce credits");
            Assert.IsNotEmpty(expected.Unattributed, "and unattributed opportunities");
        }
    }

    static string Id(string prefix, string key) => (prefix + key).PadRight(18, '0');

    /// <summary>
    /// Six accounts, contacts with and without created dates, orphan leads matched at every
    /// confidence, touches on shared days with ids differing only in case, won and lost
    /// opportunities (one without an account), contact roles with and without a primary.
    /// </summary>
    internal static AttributionInput RandomTenant(Random random)
    {
        var start = new DateOnly(2022, 1, 1);
        DateOnly Day(int n) => start.AddDays(n);
        var people = new List<RefPerson>();
        for (var p = 0; p < 40; p++)
            people.Add(new RefPerson(Id("003", $"{p:D2}"), Id("001", $"A{p % 6}"), random.Next(8) == 0 ? null : Day(random.Next(0, 500))));
        var matches = new List<RefOrphanMatch>();
        for (var l = 0; l < 12; l++)
        {
            var lead = Id("00Q", $"{l:D2}");
            people.Add(new RefPerson(lead, null, Day(random.Next(0, 500))));
            if (l < 9) matches.Add(new RefOrphanMatch(lead, Id("001", $"A{l % 6}"), (MatchConfidence)(1 + l % 3)));
        }
        var touches = new List<RefTouch>();
        var pairs = new HashSet<(string, string)>();
        for (var t = 0; t < 500; t++)
        {
            var person = people[random.Next(people.Count)].Id;
            var campaign = Id("701", $"{random.Next(25):D2}");
            if (!pairs.Add((campaign, person))) continue;
            // Ids that differ only in letter case, on a few shared days: ties broken by bytes.
            var id = Id("00v", $"{t:D3}{(char)(random.Next(2) == 0 ? 'a' + random.Next(3) : 'A' + random.Next(3))}");
            // Half the touches fall on a few shared days, the rest on any day.
            var day = random.Next(2) == 0 ? random.Next(0, 60) * 12 : random.Next(0, 720);
            touches.Add(new RefTouch(id, campaign, person, Day(day)));
        }
        var opportunities = new List<RefOpportunity>();
        var roles = new List<RefOpportunityPerson>();
        for (var o = 0; o < 40; o++)
        {
            var id = Id("006", $"{o:D2}");
            var created = random.Next(100, 700);
            var account = o == 0 ? null : Id("001", $"A{random.Next(7)}");   // A6 has no people
            var won = random.Next(2) == 0;
            var close = created + random.Next(0, 150);
            opportunities.Add(new RefOpportunity(id, account, 1000m + o * 37.5m, Day(created), Day(close), won));
            // Touches on and just past every window edge the cases use (lookback 365, 90, 0).
            if (o is > 0 and <= 12 && people.FirstOrDefault(p => p.AccountId == account) is { } insider)
            {
                var edges = new[] { created - 366, created - 365, created - 91, created - 90, created - 1, created, created + 1, close, close + 1 };
                for (var k = 0; k < edges.Length; k++)
                    touches.Add(new RefTouch(Id("00w", $"{o:D2}{k}"), Id("702", $"{o:D2}{k}"), insider.Id, Day(edges[k])));
            }
            var holders = people.Where(p => p.AccountId is not null).OrderBy(_ => random.Next()).Take(random.Next(0, 4)).ToArray();
            for (var h = 0; h < holders.Length; h++)
                roles.Add(new RefOpportunityPerson(id, holders[h].Id, IsPrimary: h == 0 && o % 3 != 0));
        }
        return new AttributionInput(opportunities, people, touches, roles, matches);
    }

    internal static void Write(MySqlConnection c, AttributionInput input)
    {
        c.Execute("INSERT INTO cn_people (person_id, person_type, account_id, created_date) VALUES (@Id, @Type, @AccountId, @CreatedDate)",
            input.People.Select(p => new { p.Id, Type = p.AccountId is null ? "lead" : "contact", p.AccountId, CreatedDate = p.CreatedDate?.ToDateTime(TimeOnly.MinValue) }));
        c.Execute("INSERT INTO cn_touches (touch_id, campaign_id, person_id, touch_date) VALUES (@Id, @CampaignId, @PersonId, @TouchDate)",
            input.Touches.Select(t => new { t.Id, t.CampaignId, t.PersonId, TouchDate = t.TouchDate.ToDateTime(TimeOnly.MinValue) }));
        c.Execute("""
            INSERT INTO cn_opportunities (opportunity_id, account_id, amount, created_date, close_date, is_closed, is_won)
            VALUES (@Id, @AccountId, @Amount, @Created, @Close, @IsWon, @IsWon)
            """, input.Opportunities.Select(o => new
            {
                o.Id, o.AccountId, o.Amount, Created = o.CreatedDate.ToDateTime(TimeOnly.MinValue),
                Close = o.CloseDate?.ToDateTime(TimeOnly.MinValue), o.IsWon,
            }));
        c.Execute("INSERT INTO cn_opportunity_people (opportunity_id, person_id, role, is_primary) VALUES (@OpportunityId, @PersonId, 'Role', @IsPrimary)",
            input.OpportunityPeople);
        c.Execute("""
            INSERT INTO cn_lead_account_matches (lead_id, account_id, confidence, score, method, is_ambiguous, explanation, matched_at)
            VALUES (@LeadPersonId, @AccountId, @Confidence, 1, 'domain', 0, 'test', NOW(6))
            """, input.OrphanMatches.Select(m => new { m.LeadPersonId, m.AccountId, Confidence = m.Confidence.ToDbValue() }));
    }
}
