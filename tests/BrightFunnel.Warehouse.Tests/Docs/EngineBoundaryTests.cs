using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Tests.Docs;

/// <summary>
/// Everything that depends on where the pairs live is an engine's (docs/decisions/rooms.md): outside
/// <c>Engines/</c>, no code of the library or the console compares an engine's name, and no code
/// outside <c>Runs/</c> writes SQL on the run tables.
/// </summary>
[TestClass]
public sealed partial class EngineBoundaryTests
{
    static string Orchestrator => Path.Combine(ScriptedServer.RepositoryRoot, "orchestrator");

    static IEnumerable<(string File, int Line, string Text)> Lines(Func<string, bool> include) =>
        Directory.GetFiles(Orchestrator, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Full: f, Relative: Path.GetRelativePath(Orchestrator, f).Replace('\\', '/')))
            .Where(f => include(f.Relative))
            .SelectMany(f => File.ReadLines(f.Full).Select((text, i) => (f.Relative, i + 1, text)));

    [GeneratedRegex(@"(==|!=)\s*AttributionEngines\.(Impala|MySql)\b|AttributionEngines\.(Impala|MySql)\s*(==|!=)|case\s+AttributionEngines\.|\.Engine\s*(==|!=)|(==|!=)\s*""(impala|mysql)""")]
    private static partial Regex EngineComparison();

    [GeneratedRegex(@"\b(FROM|INTO|UPDATE|JOIN)\s+(runs|run_steps|run_connections)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RunTableSql();

    [TestMethod]
    public void NothingOutsideTheEnginesBranchesOnAnEngine()
    {
        var found = Lines(f => !f.Contains("/Engines/")).Where(l => EngineComparison().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.IsEmpty(found, "ask the engine (IAttributionEngine) instead:\n" + string.Join("\n", found));
    }

    [TestMethod]
    public void OnlyTheRunStoreWritesSqlOnTheRunTables()
    {
        var found = Lines(f => !f.Contains("/Runs/RunStore")).Where(l => RunTableSql().IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("//"))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.IsEmpty(found, "put the statement in RunStore:\n" + string.Join("\n", found));
    }

    [TestMethod]
    [DataRow("if (info.Engine == AttributionEngines.Impala)")]
    [DataRow("return engine != \"mysql\";")]
    [DataRow("case AttributionEngines.MySql: break;")]
    public void TheScanSeesABranchOnAnEngine(string line) => Assert.IsTrue(EngineComparison().IsMatch(line));

    [TestMethod]
    [DataRow("SELECT run_id FROM runs WHERE tenant_id = @t")]
    [DataRow("DELETE FROM run_connections WHERE run_id = @r")]
    public void TheScanSeesRunTableSql(string line) => Assert.IsTrue(RunTableSql().IsMatch(line));
}
