using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The architecture's promise for models (docs/attribution.md, "Adding a model"): a model of any
/// kind is one migration inserting a row of at_models, and nothing else in the product changes.
/// The scripts here are a copy of the build's with exactly one file more; both engines then give
/// the new position, milestone and time-decay models the credits the oracle computes for them,
/// next to every model the migrations define.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ModelsAreRowsTests
{
    const string Migration = "0900_three_more_models.sql";

    // One row per model, and nothing else: the weights are data, as in every model the migrations define.
    const string Rows = """
        INSERT INTO at_models (model, kind, first_weight, middle_weight, last_weight) VALUES ('late_heavy', 'position', 0.1, 0.3, 0.6);
        INSERT INTO at_models (model, kind, pipeline_milestone_weight, revenue_milestone_weight, closed_won_milestone) VALUES ('won_heavy', 'milestone', 0.25, 0.2, 1);
        INSERT INTO at_models (model, kind, half_life_days) VALUES ('decay_30', 'time_decay', 30);
        """;

    static readonly string[] Models = [.. AttributionModel.All, AttributionModel.LateHeavy, AttributionModel.WonHeavy, AttributionModel.Decay30];

    string sqlRoot = null!;
    TestTenant tenant = null!;

    [TestInitialize]
    public void Setup()
    {
        sqlRoot = Directory.CreateTempSubdirectory("bfw-sql-models-").FullName;
        foreach (var file in Directory.GetFiles(TestServer.SqlRoot, "*.sql", SearchOption.AllDirectories))
        {
            var target = Path.Combine(sqlRoot, Path.GetRelativePath(TestServer.SqlRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.WriteAllText(Path.Combine(sqlRoot, "tenant", Migration), Rows);
        tenant = new TestTenant(sqlRoot: sqlRoot);
    }

    [TestCleanup]
    public void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(sqlRoot, recursive: true);
    }

    [TestMethod]
    public void TheCopyDiffersFromTheBuildsScriptsByTheOneMigration()
    {
        static IEnumerable<string> Files(string root) =>
            Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal);
        CollectionAssert.AreEqual(Files(TestServer.SqlRoot).Append(Path.Combine("tenant", Migration)).Order(StringComparer.Ordinal).ToList(),
            Files(sqlRoot).ToList());
        foreach (var file in Files(TestServer.SqlRoot))
            Assert.AreEqual(File.ReadAllText(Path.Combine(TestServer.SqlRoot, file)), File.ReadAllText(Path.Combine(sqlRoot, file)), file);
    }

    [TestMethod]
    public void TheStoredProceduresGiveTheNewModelsTheOraclesCredits() =>
        AgreesWithTheOracle(_ => new MySqlAttributionEngine(tenant.ConnectionString).Attribute(), new ImpalaSettings());

    [TestMethod]
    public async Task TheImpalaOffloadGivesTheNewModelsTheOraclesCredits()
    {
        await using var engine = TestEngine.Start();
        AgreesWithTheOracle(run => new ImpalaAttributionEngine(tenant.Id, run, tenant.ConnectionString, engine.OffloadSettings(), sqlRoot).Offload(),
            engine.OffloadSettings());
    }

    void AgreesWithTheOracle(Action<long> attribute, ImpalaSettings impala)
    {
        var input = StoredProceduresAgreeWithReferenceTests.RandomTenant(new Random(2026));
        using (var c = tenant.Open())
        {
            StoredProceduresAgreeWithReferenceTests.Write(c, input);
            CollectionAssert.IsSubsetOf(Models, AttributionModels.Defined(c).ToList(), "the migration defined the three models");
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig { Models = Models, TimeDecayHalfLifeDays = 5 }, DateTime.UtcNow, "test"));
        }
        attribute(1);

        var expected = AttributionReference.Compute(input, new AttributionSettings { Models = Models, HalfLifeDays = 5 });
        var built = new AttributionPairs(tenant.ConnectionString, impala);
        var actual = new AttributionResult(
            built.ReadAsync(tenant.Id).GetAwaiter().GetResult()
                .SelectMany(p => p.Shares.Where(s => s.Value is not null).Select(s =>
                    new AttributionCredit(p.OpportunityId, p.Stage, s.Key, p.TouchId, p.CampaignId, s.Value!.Value, (double)p.Amount * s.Value!.Value)))
                .ToArray(),
            built.UnattributedAsync(tenant.Id).GetAwaiter().GetResult().Select(r => new UnattributedOpportunity(r.OpportunityId, r.Stage)).ToArray());
        var problems = AttributionDiff.Between(expected, actual);
        Assert.IsEmpty(problems, $"{problems.Count} differences, first: {string.Join("\n", problems.Take(10))}");
        foreach (var model in new[] { AttributionModel.LateHeavy, AttributionModel.WonHeavy, AttributionModel.Decay30 })
            Assert.IsGreaterThan(100, expected.Credits.Count(c => c.Model == model), $"{model} must give credits");
    }
}
