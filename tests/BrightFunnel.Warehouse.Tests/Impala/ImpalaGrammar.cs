using System.Text.Json;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// Holds statements against two judges that are not the local engine: DTStack's ANTLR4 Impala
/// grammar (npm <c>dt-sql-parser</c>, pinned in <c>tests/impala-grammar/</c> and installed by
/// <c>./run test</c>), run by node, and Impala's reserved-word rule (<see cref="ImpalaDialect"/>,
/// built from Impala's own word lists). A finding names where the statement came from: the file
/// its first comment names (<c>/* bfw: sql/impala/… */</c>) and the line in that file.
/// </summary>
static class ImpalaGrammar
{
    public static string Folder => Path.Combine(ScriptedServer.RepositoryRoot, "tests", "impala-grammar");

    /// <summary>Every finding for <paramref name="statements"/>; empty when both judges accept them all.</summary>
    public static async Task<IReadOnlyList<string>> FindingsAsync(IReadOnlyList<string> statements)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "dt-sql-parser")))
            Assert.Fail($"dt-sql-parser is not installed in {Folder}: ./run test installs it (npm ci from its lock file)");
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(input, statements.Select((sql, id) => JsonSerializer.Serialize(new { id, sql })));
            var (code, output) = await NodePackages.RunAsync("node", ["--import", "./register.mjs", "check.mjs", input], Folder,
                new Dictionary<string, string>(), TimeSpan.FromMinutes(2));
            Assert.AreEqual(0, code, $"the grammar check itself failed:\n{output}");
            var findings = new List<string>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var verdict = JsonDocument.Parse(line);
                var sql = statements[verdict.RootElement.GetProperty("id").GetInt32()];
                foreach (var e in verdict.RootElement.GetProperty("errors").EnumerateArray())
                    findings.Add($"{Where(sql, e.GetProperty("line").GetInt32())}: dt-sql-parser (ImpalaSQL): {e.GetProperty("message").GetString()}");
            }
            foreach (var sql in statements)
                if (ImpalaDialect.Check(sql, ReservedWordsVersion.Impala3_0) is { } violation)
                    findings.Add($"{Where(sql, LineOf(violation.Message))}: Impala's rules: {violation.Message.Split('\n')[0]} ({violation.Message.Replace('\n', ' ')})");
            return findings;
        }
        finally
        {
            File.Delete(input);
        }
    }

    static int LineOf(string message) =>
        System.Text.RegularExpressions.Regex.Match(message, @"in line (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value) : 1;

    /// <summary>The file and line a statement's line came from, or the statement's first line when it names no file.</summary>
    public static string Where(string sql, int line) =>
        System.Text.RegularExpressions.Regex.Match(sql, @"^/\* bfw: (\S+) \*/") is { Success: true } origin
            ? $"{origin.Groups[1].Value} line {line}"
            : $"statement '{sql.Split('\n')[0].Trim()}' line {line}";
}
