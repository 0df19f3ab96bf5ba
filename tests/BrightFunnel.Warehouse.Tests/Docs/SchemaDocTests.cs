using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator.Schema;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Docs;

/// <summary>
/// <c>docs/schema.md</c> is what <c>bfw migrate doc</c> makes of the migrations in this tree: regenerated
/// here against the real MariaDB and compared with the committed file, so a migration cannot land
/// without its schema document.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class SchemaDocTests
{
    static string Committed => Path.Combine(ScriptedServer.RepositoryRoot, "docs", "schema.md");

    static IReadOnlyList<string> DocDatabases()
    {
        using var c = TestServer.Open();
        return c.Query<string>("SHOW DATABASES LIKE 'bfdoc\\_%'").ToList();
    }

    [TestMethod]
    public void CommittedSchemaDocumentIsWhatTheMigrationsMake()
    {
        var before = DocDatabases();
        var generated = new SchemaDocument(TestServer.IsolatedSettings(TestServer.UniqueName("bft_doc_"))).Generate();

        CollectionAssert.AreEquivalent(before.ToList(), DocDatabases().ToList(), "the throwaway databases are dropped");
        var committed = File.ReadAllText(Committed).Replace("\r\n", "\n");
        if (committed == generated) return;
        var a = committed.Split('\n');
        var b = generated.Split('\n');
        var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        Assert.Fail($"docs/schema.md is out of date: run ./run bfw migrate doc\n" +
                    $"first difference at line {line + 1}:\n  committed: {a.ElementAtOrDefault(line) ?? "(end of file)"}\n  generated: {b.ElementAtOrDefault(line) ?? "(end of file)"}");
    }

    [TestMethod]
    public void TheConsoleWritesTheDocumentWhereToldAndItShowsTheCurrentShapeOfEveryLayer()
    {
        var folder = Directory.CreateTempSubdirectory("bfw-doc-").FullName;
        try
        {
            var path = Path.Combine(folder, "schema.md");
            var output = new StringWriter();
            var error = new StringWriter();
            var code = new BfwConsole(TestServer.IsolatedSettings(TestServer.UniqueName("bft_doc_")), output, error).Run(["migrate", "doc", "--out", path]);

            Assert.AreEqual(BfwConsole.Ok, code, error.ToString());
            StringAssert.Contains(output.ToString(), $"wrote {path}");
            var doc = File.ReadAllText(path);
            foreach (var heading in new[] { "## Control database", "## Tenant database", "## Web database", "### raw_", "### cn_", "### at_", "### an_", "### cfg_", "### web_", "### Stored routines" })
                StringAssert.Contains(doc, heading);
            // at_paths as it stands after 0005, 0007 and 0009: the shares of 0007 and the milestones of 0009 are its columns.
            var atPaths = doc[doc.IndexOf("#### `at_paths`", StringComparison.Ordinal)..];
            atPaths = atPaths[..atPaths.IndexOf("\n#### ", 1, StringComparison.Ordinal)];
            StringAssert.Contains(atPaths, "| `share_w_shaped` | double | yes |");
            StringAssert.Contains(atPaths, "| `milestones` |");
            StringAssert.Contains(doc, "#### `at_credits` (view)");
            StringAssert.Contains(doc, "| `cn_build_accounts` (procedure) | IN p_allow_empty tinyint");
        }
        finally { Directory.Delete(folder, true); }
    }
}
