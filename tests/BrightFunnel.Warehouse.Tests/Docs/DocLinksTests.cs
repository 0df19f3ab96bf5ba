using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Tests.Docs;

/// <summary>
/// The README and everything under docs/ link only to files of this repository, and every such link
/// resolves: a moved or renamed file breaks this test, not a newcomer's first read.
/// </summary>
[TestClass]
public sealed partial class DocLinksTests
{
    static string Root => ScriptedServer.RepositoryRoot;

    static IEnumerable<string> Documents() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Prepend(Path.Combine(Root, "README.md"));

    /// <summary>Every link target of a markdown text, outside code blocks and code spans.</summary>
    public static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        var inFence = false;
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) { inFence = !inFence; continue; }
            if (inFence) continue;
            foreach (Match m in Link().Matches(CodeSpan().Replace(lines[i], "")))
                yield return (i + 1, m.Groups["target"].Value);
        }
    }

    [TestMethod]
    public void LinksAreFoundOutsideCodeOnly()
    {
        var links = Links("""
            See [the notes](docs/a.md#part) and ![a picture](docs/images/x.png "title").
            `[not a link](nowhere.md)`
            ```
            [also not](nowhere.md)
            ```
            [web](https://example.com) and [here](#top)
            """).ToList();
        CollectionAssert.AreEqual(new[] { (1, "docs/a.md#part"), (1, "docs/images/x.png"), (6, "https://example.com"), (6, "#top") }, links);
    }

    [TestMethod]
    public void EveryRelativeLinkResolvesToAFileInTheRepository()
    {
        var broken = new List<string>();
        foreach (var doc in Documents())
            foreach (var (line, target) in Links(File.ReadAllText(doc)))
            {
                if (target.StartsWith('#') || Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto") continue;
                var path = Uri.UnescapeDataString(target.Split('#')[0]);
                var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(doc)!, path));
                var where = $"{Path.GetRelativePath(Root, doc)}:{line}: {target}";
                if (!resolved.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) broken.Add($"{where} (outside the repository)");
                else if (!File.Exists(resolved) && !Directory.Exists(resolved)) broken.Add($"{where} (no such file)");
            }
        Assert.IsEmpty(broken, "broken links:\n" + string.Join("\n", broken));
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();
}
