using System.Reflection;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Closes idle pooled MySql.Data connections in place of the driver's own timer. That timer
/// enumerates the pool dictionary under a lock that opening a new pool and <c>ClearPool</c> do not
/// take (mysql-connector-net PR #80, unmerged in 26.10), so a pool created during the sweep threw
/// "Collection was modified" on a timer thread and ended the process: it crashed the test host
/// after 846 tests and would end a scheduler that opens tenants' pools all night. The janitor stops
/// that timer and runs the same sweep while holding the semaphore the pool manager guards its
/// dictionary with. The idle time is ours to choose as well: a process that opens many databases
/// (the tests, a pod's night) holds fewer idle connections against the server's limit.
/// </summary>
public static class MySqlPoolJanitor
{
    static readonly object Gate = new();
    static Timer? sweeper;

    /// <summary>The sweep in force, or why it could not be installed (then the driver's own timer runs).</summary>
    public static string State { get; private set; } = "not installed";

    public static void Install(TimeSpan idle)
    {
        lock (Gate)
        {
            var manager = typeof(MySqlConnection).Assembly.GetType("MySql.Data.MySqlClient.MySqlPoolManager");
            const BindingFlags statics = BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public;
            var driverTimer = manager?.GetField("timer", statics)?.GetValue(null) as Timer;
            var semaphore = manager?.GetField("waitHandle", statics)?.GetValue(null) as SemaphoreSlim;
            var idleField = manager?.GetField("maxConnectionIdleTime", statics);
            var clean = manager?.GetMethod("CleanIdleConnections", statics, [typeof(object)]);
            if (driverTimer is null || semaphore is null || idleField?.FieldType != typeof(int) || clean is null)
            {
                State = $"not installed: MySql.Data {typeof(MySqlConnection).Assembly.GetName().Version} has no pool manager of the known shape; its own idle sweep runs";
                return;
            }
            var seconds = Math.Max(1, (int)idle.TotalSeconds);
            idleField.SetValue(null, seconds);
            driverTimer.Change(Timeout.Infinite, Timeout.Infinite);
            var period = TimeSpan.FromSeconds(Math.Max(1, seconds / 3));
            sweeper?.Dispose();
            sweeper = new Timer(_ => Sweep(semaphore, clean), null, period, period);
            State = $"idle connections closed after {seconds} s, swept every {period.TotalSeconds:0} s";
        }
    }

    static void Sweep(SemaphoreSlim semaphore, MethodInfo clean)
    {
        if (!semaphore.Wait(TimeSpan.FromSeconds(1))) return; // a pool is being opened or cleared: the next sweep comes soon
        try
        {
            // The driver's sweep runs synchronously (it closes with execAsync false), so the whole
            // enumeration happens inside the semaphore.
            clean.Invoke(null, [null]);
        }
        finally
        {
            semaphore.Release();
        }
    }
}
