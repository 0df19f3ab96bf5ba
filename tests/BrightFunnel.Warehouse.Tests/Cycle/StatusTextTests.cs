using System.Text.Json;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// Run and step statuses are enums in the code and the same strings as before in the control
/// database, the console and <c>--json</c>: every value has its string, and reads back as itself.
/// </summary>
[TestClass]
public sealed class StatusTextTests
{
    [TestMethod]
    [DataRow(RunStatus.Queued, "queued")]
    [DataRow(RunStatus.Running, "running")]
    [DataRow(RunStatus.Succeeded, "succeeded")]
    [DataRow(RunStatus.NoExports, "no_exports")]
    [DataRow(RunStatus.Failed, "failed")]
    [DataRow(RunStatus.Cancelled, "cancelled")]
    [DataRow(RunStatus.Skipped, "skipped")]
    [DataRow(RunStatus.Abandoned, "abandoned")]
    public void ARunStatusIsStoredAsItsStringAndReadBack(RunStatus status, string text)
    {
        Assert.AreEqual(text, status.ToDbValue());
        Assert.AreEqual(status, RunStatusText.Parse(text));
        Assert.AreEqual($"\"{text}\"", JsonSerializer.Serialize(status));
        Assert.AreEqual(status, JsonSerializer.Deserialize<RunStatus>($"\"{text}\""));
    }

    [TestMethod]
    [DataRow(StepStatus.Running, "running")]
    [DataRow(StepStatus.Succeeded, "succeeded")]
    [DataRow(StepStatus.Skipped, "skipped")]
    [DataRow(StepStatus.Failed, "failed")]
    [DataRow(StepStatus.Cancelled, "cancelled")]
    [DataRow(StepStatus.Abandoned, "abandoned")]
    public void AStepStatusIsStoredAsItsStringAndReadBack(StepStatus status, string text)
    {
        Assert.AreEqual(text, status.ToDbValue());
        Assert.AreEqual(status, StepStatusText.Parse(text));
        Assert.AreEqual($"\"{text}\"", JsonSerializer.Serialize(status));
    }

    [TestMethod]
    public void EveryValueHasAString()
    {
        CollectionAssert.AllItemsAreUnique(Enum.GetValues<RunStatus>().Select(s => s.ToDbValue()).ToList());
        CollectionAssert.AllItemsAreUnique(Enum.GetValues<StepStatus>().Select(s => s.ToDbValue()).ToList());
    }

    [TestMethod]
    [DataRow("Succeeded")]
    [DataRow("noexports")]
    [DataRow("")]
    public void AnUnknownStringIsRefusedNamingIt(string text)
    {
        var e = Assert.ThrowsExactly<InvalidDataException>(() => RunStatusText.Parse(text));
        StringAssert.Contains(e.Message, $"unknown run status '{text}'");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => StepStatusText.Parse(text)).Message, $"unknown step status '{text}'");
    }

    [TestMethod]
    public void OnlyASuccessOrNoExportsCompletesAndOnlyQueuedOrRunningHasNotEnded()
    {
        CollectionAssert.AreEquivalent(new[] { RunStatus.Succeeded, RunStatus.NoExports },
            Enum.GetValues<RunStatus>().Where(s => s.IsCompleted()).ToArray());
        CollectionAssert.AreEquivalent(new[] { RunStatus.Queued, RunStatus.Running },
            Enum.GetValues<RunStatus>().Where(s => !s.HasEnded()).ToArray());
    }

    [TestMethod]
    public void ALostRunClosesItsOpenStepTheSameWay()
    {
        Assert.AreEqual(StepStatus.Failed, StepStatusText.ForLostRun(RunStatus.Failed));
        Assert.AreEqual(StepStatus.Abandoned, StepStatusText.ForLostRun(RunStatus.Abandoned));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StepStatusText.ForLostRun(RunStatus.Succeeded));
    }
}
