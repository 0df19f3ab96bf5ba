using BrightFunnel.Warehouse.Bench;
using BrightFunnel.Warehouse.Orchestrator.Cycle;

namespace BrightFunnel.Warehouse.Tests.Bench;

/// <summary>The pod bench's verdict on the pod limit rests on this arithmetic over run history; made-up times, no clock.</summary>
[TestClass]
public sealed class PodCycleTimelineTests
{
    static readonly DateTime T0 = new(2026, 1, 1, 2, 0, 0, DateTimeKind.Utc);

    static RunRecord Run(long id, int queued, int? started, int? ended) =>
        new(id, "t" + id, RunHistory.ConsoleTrigger, null, null, null, null, "node", ended is null ? (started is null ? RunHistory.Queued : RunHistory.Running) : RunHistory.Succeeded,
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
}
