using BrightFunnel.Warehouse.Console;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>A full file system (a real tmpfs filled to ENOSPC) named as full, by the engine and by <c>bfw impala check</c>.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class FullFileSystemTests
{
    [TestMethod]
    public async Task CheckNamesAFullStagingStoreAsFull()
    {
        await using var engine = TestEngine.Start();
        using var full = new Tmpfs("rw");
        full.Fill();
        var settings = engine.OffloadSettings();
        settings.Root = full.Path;

        var (code, output, _) = ImpalaCheckTests.Check(settings, "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var staging = ImpalaCheckTests.Checks(output)["staging store: write a Parquet file"];
        Assert.IsFalse(staging.Ok, output);
        StringAssert.Contains(staging.Detail, "No space left on device");
        StringAssert.Contains(staging.Detail, "Impala.Root");
    }

    [TestMethod]
    public void AnEngineOnAFullRootSaysSoRatherThanBlamingAnotherEngine()
    {
        using var root = new Tmpfs("rw");
        root.Fill();

        var e = Assert.Throws<Exception>(() => TestEngine.StartOn(root.Path));

        StringAssert.Contains(e.Message, "No space left on device", e.ToString());
        Assert.DoesNotContain("held by another", e.Message);
    }
}
