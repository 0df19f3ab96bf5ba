using System.Collections.Concurrent;
using System.Net;
using BrightFunnel.Warehouse.Testing;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>
/// Durable before acknowledged: a collector process killed with SIGKILL while 40 clients post has
/// stored every event it acknowledged, exactly once, and nothing but those and the batches still
/// in flight; the next collector closes the segments it left open, losing nothing.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class CollectorCrashTests
{
    const int Clients = 40, BatchSize = 10;

    [TestMethod]
    public async Task AKilledCollectorStoredExactlyWhatItAcknowledged()
    {
        await using var world = new CollectorWorld();
        var (tenant, key) = world.AddSite();
        var collector = CollectorProcess.Start(world.ControlConnectionString, world.SpoolRoot, new Dictionary<string, string> { ["Collect__SegmentMaxAgeSeconds"] = "0.5" });
        var acknowledged = new ConcurrentBag<string>();
        var unanswered = new ConcurrentBag<string>();
        var killed = new TaskCompletionSource();
        var enough = new TaskCompletionSource();

        async Task Client(int client)
        {
            using var http = CollectorWorld.Client(collector.Url);
            for (var batch = 0; !killed.Task.IsCompleted; batch++)
            {
                var prefix = $"c{client}b{batch}";
                try
                {
                    var response = await CollectorWorld.Post(http, key, CollectorWorld.Batch(prefix, BatchSize, visitor: $"v{client}"));
                    Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, "before the kill every batch is taken");
                    foreach (var i in Enumerable.Range(0, BatchSize)) acknowledged.Add($"{prefix}-{i}");
                    if (acknowledged.Count >= 4000) enough.TrySetResult();
                }
                catch (HttpRequestException) when (killed.Task.IsCompleted)
                {
                    foreach (var i in Enumerable.Range(0, BatchSize)) unanswered.Add($"{prefix}-{i}");
                    return;
                }
            }
        }

        var clients = Enumerable.Range(0, Clients).Select(c => Task.Run(() => Client(c))).ToList();
        await Task.WhenAny(enough.Task, Task.WhenAll(clients));
        Assert.IsTrue(enough.Task.IsCompleted, "the clients reached 4,000 acknowledged events");
        killed.SetResult();
        collector.Kill();
        await Task.WhenAll(clients);
        collector.Dispose();

        var stored = world.Stored(tenant).Select(e => e.EventId).ToList();
        Assert.HasCount(stored.Distinct().Count(), stored, "no event stored twice");
        var missing = acknowledged.Except(stored).ToList();
        Assert.IsEmpty(missing, $"acknowledged but not stored: {string.Join(", ", missing.Take(5))}");
        var beyond = stored.Except(acknowledged).Except(unanswered).ToList();
        Assert.IsEmpty(beyond, $"stored but never sent or answered: {string.Join(", ", beyond.Take(5))}");

        // The next collector closes what the killed one left open, and every event stays.
        await world.Start();
        Assert.IsEmpty(world.Spool.OpenSegments(tenant));
        CollectionAssert.AreEquivalent(stored, world.Stored(tenant).Select(e => e.EventId).ToList());
    }
}
