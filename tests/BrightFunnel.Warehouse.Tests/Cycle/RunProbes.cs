using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Tests.Scheduling;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>What the crash and stall tests ask while a run's owner is dead or stopped: the console's answer, the server's statements, and patience.</summary>
static class RunProbes
{
    /// <summary>A bfw command in this process, as an operator would type it.</summary>
    public static (int code, string output, string error) Bfw(TestTenant tenant, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(SchedulingWorld.Patience);
        var code = new BfwConsole(tenant.Settings, output, error) { Stop = timeout.Token }.Run(args);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The server still executes a statement on that connection.</summary>
    public static bool Running(TestTenant tenant, long connectionId)
    {
        using var c = tenant.Open();
        return c.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = @connectionId AND COMMAND = 'Query')",
            new { connectionId });
    }

    public static async Task Until(Func<bool> probe, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? SchedulingWorld.Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (probe()) return;
            await Task.Delay(50);
        }
        throw new AssertFailedException($"gave up waiting for {what}");
    }
}
