using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Tests.Bench;

/// <summary>The pod bench's verdict on the pod limit rests on this arithmetic over run history; made-up times, no clock.</summary>
[TestClass]
public sealed class PodCycleTimelineTests
{
    static readonly DateTime T0 = new(2026, 1, 1, 2, 0, 0, DateTimeKind.Utc);

    static RunRecord Run(long id, int queued, int? started, int? ended) =>
        new(id, "t" + id, RunStore.ConsoleTrigger, null, null, null, null, "node", ended is null ? (started is null ? RunStatus.Queued : RunStatus.Running) : RunStatus.Succeeded,
            false, T0.AddSeconds(queued), started is { } s ? T0.AddSeconds(s) : null, ended is { } e ? T0.AddSeconds(e) : null, null);

    [TestMethod]
    public void CountsOverlapsAtStartsAndTreatsTouchingRunsAsSequential()
    {
        // 1 and 2 overlap; 3 starts the instant 1 ends, so at most two ran at once.
        var timeline = new PodCycleTimeline([Run(1, 0, 0, 10), Run(2, 0, 5, 20), Run(3, 0, 10, 15)], T0.AddHours(1));
        Assert.AreEqual(2, timeline.MostAtOnce);
    }

    [TestMethod]
    public void SeesThreeAtOnceWhenAThirdStartsInsideTwoOthers()
    {
        var timeline = new PodCycleTimeline([Run(1, 0, 0, 10), Run(2, 0, 1, 10), Run(3, 0, 9, 12)], T0.AddHours(1));
        Assert.AreEqual(3, timeline.MostAtOnce);
    }

    [TestMethod]
    public void WallBusyAndUtilisationComeFromTheRecordedTimes()
    {
        var timeline = new PodCycleTimeline([Run(1, 0, 2, 12), Run(2, 1, 2, 7), Run(3, 1, 12, 22)], T0.AddHours(1));
        Assert.AreEqual(T0, timeline.FirstQueued);
        Assert.AreEqual(T0.AddSeconds(2), timeline.FirstStarted);
        Assert.AreEqual(T0.AddSeconds(22), timeline.LastEnded);
        Assert.AreEqual(TimeSpan.FromSeconds(25), timeline.Busy);
        Assert.AreEqual(25.0 / 40, timeline.Utilisation(2), 1e-9);
    }

    [TestMethod]
    public void ARunStillRunningHoldsItsSlotUntilNowAndAQueuedOneHoldsNone()
    {
        var now = T0.AddSeconds(30);
        var timeline = new PodCycleTimeline([Run(1, 0, 0, 10), Run(2, 0, 5, null), Run(3, 0, null, null)], now);
        Assert.AreEqual(now, timeline.LastEnded);
        Assert.AreEqual(TimeSpan.FromSeconds(35), timeline.Busy);
        Assert.AreEqual(2, timeline.MostAtOnce);
    }

    [TestMethod]
    public void CountsTheSlotTimeLeftIdleWhileRunsWaited()
    {
        // Limit 2, all queued at 0. 1 runs 0–10 and 2 runs 0–4; 3 waits until 9 with a slot idle from 4 (5 s);
        // 4 waits until 10, but 1 and 3 fill both slots from 9; after 12 a slot is idle, but nothing waits.
        var timeline = new PodCycleTimeline([Run(1, 0, 0, 10), Run(2, 0, 0, 4), Run(3, 0, 9, 12), Run(4, 0, 10, 30)], T0.AddHours(1));
        Assert.AreEqual(TimeSpan.FromSeconds(5), timeline.IdleWhileQueued(2));
    }

    [TestMethod]
    public void TwoWaitingRunsAndTwoFreeSlotsCountTwiceAndAWaitBeforeTheFirstStartNotAtAll()
    {
        // Limit 2: queued at 0, the node's first start at 5 (before it nothing counts). 1 runs 5–6 with the other
        // slot idle (1 s) while 2 and 3 wait until 16, both slots idle from 6: 2 slots × 10 s.
        var timeline = new PodCycleTimeline([Run(1, 0, 5, 6), Run(2, 0, 16, 20), Run(3, 0, 16, 20)], T0.AddHours(1));
        Assert.AreEqual(TimeSpan.FromSeconds(21), timeline.IdleWhileQueued(2));
    }

    [TestMethod]
    public void ARunThatNeverStartedWaitsUntilNow()
    {
        // Limit 1: 1 runs 0–10, 2 never starts and the bench gave up at 30: idle 10–30.
        var timeline = new PodCycleTimeline([Run(1, 0, 0, 10), Run(2, 0, null, null)], T0.AddSeconds(30));
        Assert.AreEqual(TimeSpan.FromSeconds(20), timeline.IdleWhileQueued(1));
    }
}
