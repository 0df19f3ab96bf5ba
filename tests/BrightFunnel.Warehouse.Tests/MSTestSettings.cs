using BrightFunnel.Warehouse.Orchestrator;

[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

namespace BrightFunnel.Warehouse.Tests;

[TestClass]
public static class TestAssembly
{
    public static LogSettings Logs { get; } = new() { Directory = Path.Combine(Path.GetTempPath(), "bfw-test-logs") };

    /// <summary>Logging as bfw sets it up, so runs capture their log lines in tests too.</summary>
    [AssemblyInitialize]
    public static void Initialize(TestContext _)
    {
        Logging.Configure(Logs);
        // The test process hosts engines and offloads as bfw does: the same process settings.
        new ParallelismSettings().ApplyToProcess();
    }
}
