using BrightFunnel.Warehouse.Orchestrator.Loading;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>
/// Publish's tables and ingest's files go through <see cref="TwoAtATime"/>: never more than two at
/// once, in the order given, and after a failure nothing new starts while the job in flight finishes.
/// </summary>
[TestClass]
public sealed class TwoAtATimeTests
{
    [TestMethod]
    public void RunsEveryJobNeverMoreThanTwoAtOnceTheFirstTwoFirst()
    {
        var started = new List<int>();
        int running = 0, most = 0;
        TwoAtATime.Run(Enumerable.Range(0, 8), job =>
        {
            lock (started) started.Add(job);
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
        });
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 8).ToList(), started, "every job ran once");
        CollectionAssert.AreEquivalent(new[] { 0, 1 }, started.Take(2).ToList(), "the first two given (the largest) start first");
        Assert.AreEqual(2, most);
    }

    [TestMethod]
    public void AfterAFailureNothingStartsTheJobInFlightFinishesAndTheFailureIsThrownAsItself()
    {
        var finished = new List<int>();
        using var secondRunning = new ManualResetEventSlim();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => TwoAtATime.Run(Enumerable.Range(0, 6), job =>
        {
            if (job == 0)
            {
                secondRunning.Wait(TimeSpan.FromSeconds(10)); // fails while job 1 is still loading
                throw new InvalidDataException("job 0 failed");
            }
            secondRunning.Set();
            Thread.Sleep(200);
            lock (finished) finished.Add(job);
        }));
        Assert.AreEqual("job 0 failed", e.Message);
        CollectionAssert.AreEqual(new[] { 1 }, finished, "job 1 was in flight and finished; jobs 2–5 never started");
    }

    static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
