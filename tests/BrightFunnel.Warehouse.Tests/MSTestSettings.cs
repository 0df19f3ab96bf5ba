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
        // The test process hosts engines and offloads as bfw does: the same process settings, except
        // that it opens thousands of short-lived databases, whose idle pooled connections would
        // otherwise reach the server's max_connections before the driver's 180 s let them go.
        new ParallelismSettings { IdleConnectionSeconds = 15 }.ApplyToProcess();
    }
}
