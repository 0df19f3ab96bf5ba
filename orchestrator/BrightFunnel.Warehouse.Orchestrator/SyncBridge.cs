namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The one bridge between the synchronous cycle and async code. The cycle and the console verbs are
/// synchronous by design: a step blocks on MySQL for minutes (MySql.Data's async methods block
/// anyway), and one run is one thread. The HS2 client, the staging store and Quartz are async
/// (sockets, HTTP, the scheduler's API); where synchronous code needs them it waits here, and
/// nowhere else. None of our hosts installs a SynchronizationContext, so the wait cannot deadlock
/// on a continuation queued to the waiting thread; exceptions come out unwrapped, as from await.
/// </summary>
public static class SyncBridge
{
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    public static void Wait(Task task) => task.GetAwaiter().GetResult();
}
