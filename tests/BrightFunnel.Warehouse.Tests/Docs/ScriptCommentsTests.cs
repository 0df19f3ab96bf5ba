using BrightFunnel.Warehouse.Orchestrator.Schema;

namespace BrightFunnel.Warehouse.Tests.Docs;

/// <summary>Where schema.md takes each table's and routine's one-line purpose from.</summary>
[TestClass]
public sealed class ScriptCommentsTests
{
    string folder = "";

    [TestInitialize]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("bfw-comments-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "procs"));
        File.WriteAllText(Path.Combine(folder, "0001_first.sql"), """
            -- File header: describes the layer, not the first table.

            CREATE TABLE t_plain (x INT);

            -- The people, e.g. contacts and leads. Anything after the first sentence
            -- is left out.
            CREATE TABLE IF NOT EXISTS `t_people` (x INT);

            -- Old shape, before it became a view.
            CREATE TABLE t_later (x INT);
            """);
        File.WriteAllText(Path.Combine(folder, "0002_second.sql"), """
            -- What t_later is now: a view over
            -- t_people.
            CREATE SQL SECURITY INVOKER VIEW t_later AS SELECT x FROM t_people;
            """);
        File.WriteAllText(Path.Combine(folder, "procs", "build_plain.sql"), """
            -- t_plain_next: every x there is, swapped in whole.
            --
            -- Details that are not the purpose.
            DROP PROCEDURE IF EXISTS build_plain;
            """);
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, true);

    [TestMethod]
    public void TheCommentRightAboveTheCreateGivesItsFirstSentence()
    {
        var comments = new ScriptComments(folder);
        Assert.AreEqual("The people, e.g. contacts and leads.", comments.TablePurpose("t_people"));
    }

    [TestMethod]
    public void TheLatestCreateDescribesWhatIsThereNowAcrossLines()
    {
        Assert.AreEqual("What t_later is now: a view over t_people.", new ScriptComments(folder).TablePurpose("t_later"));
    }

    [TestMethod]
    public void ATableItsMigrationLeavesUndescribedIsDescribedByTheProcedureThatBuildsIt()
    {
        var comments = new ScriptComments(folder);
        Assert.AreEqual("t_plain_next: every x there is, swapped in whole.", comments.RoutinePurpose("build_plain"));
        Assert.AreEqual("Built by `build_plain`: t_plain_next: every x there is, swapped in whole.", comments.TablePurpose("t_plain"),
            "the file header above a blank line is not the table's");
        Assert.AreEqual("", comments.TablePurpose("t_unknown"));
    }
}
