using System.Globalization;
using System.Text;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>One statement MariaDB's slow log kept: when it started (UTC), its own time (less lock wait), its text.</summary>
public sealed record SlowStatement(DateTime StartedAt, double Seconds, string Schema, string Text);

/// <summary>
/// MariaDB's slow log switched on for a profiled cycle, statements inside stored procedures included
/// (<c>log_slow_disabled_statements</c> leaves them out by default), for the statements that took at least
/// the threshold; the server's settings are put back on dispose. Applies to connections opened after it.
/// </summary>
public sealed class SlowStatementLog : IDisposable
{
    readonly string server;
    readonly (object File, object Disabled, object LongQuery, object On) saved;

    public string Path { get; }

    readonly double thresholdSeconds;

    public SlowStatementLog(string server, string path, double thresholdSeconds)
    {
        this.server = server;
        this.thresholdSeconds = thresholdSeconds;
        Path = path;
        if (File.Exists(path)) File.Delete(path);
        using var c = Open();
        saved = c.QuerySingle<(object, object, object, object)>("SELECT @@global.slow_query_log_file, @@global.log_slow_disabled_statements, @@global.long_query_time, @@global.slow_query_log");
        c.Execute("SET GLOBAL slow_query_log_file = @path", new { path });
        c.Execute("SET GLOBAL log_slow_disabled_statements = ''");
        c.Execute("SET GLOBAL long_query_time = @thresholdSeconds", new { thresholdSeconds });
        c.Execute("SET GLOBAL slow_query_log = 1");
    }

    MySqlConnection Open()
    {
        var c = new MySqlConnection(server);
        c.Open();
        return c;
    }

    /// <summary>
    /// The log's statements; <c>CALL</c>s are left out (their own statements are in the log). Inside a
    /// procedure MariaDB reports each statement's Query_time counted from where an earlier one began,
    /// the carried part as Lock_time (after a 37.7 s INSERT, an ANALYZE of 3 ms logs 37.749 s with
    /// Lock_time 37.746 s), so a statement's own time is its Query_time less its Lock_time.
    /// </summary>
    public IReadOnlyList<SlowStatement> Read()
    {
        if (!File.Exists(Path)) return [];
        var result = new List<SlowStatement>();
        double? seconds = null;
        var threshold = thresholdSeconds;
        string schema = "";
        long? timestamp = null;
        var text = new StringBuilder();
        void Flush()
        {
            var statement = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd(';');
            if (seconds is { } s && s >= threshold && timestamp is { } t && statement.Length > 0 && !statement.StartsWith("CALL ", StringComparison.OrdinalIgnoreCase)
                && !statement.Contains(" FOR CALL ", StringComparison.OrdinalIgnoreCase))
                result.Add(new SlowStatement(DateTime.UnixEpoch.AddSeconds(t), s, schema, statement));
            seconds = null;
            timestamp = null;
            text.Clear();
        }
        using var shared = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(shared);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                if (text.Length > 0) Flush();
                if (line.StartsWith("# Query_time: ", StringComparison.Ordinal))
                {
                    var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    seconds = double.Parse(words[2], CultureInfo.InvariantCulture) - double.Parse(words[4], CultureInfo.InvariantCulture);
                }
                else if (line.Contains("Schema: ", StringComparison.Ordinal))
                    schema = line[(line.IndexOf("Schema: ", StringComparison.Ordinal) + 8)..].Split(' ')[0];
            }
            else if (line.StartsWith("SET timestamp=", StringComparison.Ordinal))
                timestamp = long.Parse(line["SET timestamp=".Length..].TrimEnd(';'), CultureInfo.InvariantCulture);
            else if (line.StartsWith("use ", StringComparison.Ordinal) && text.Length == 0) continue;
            else if (seconds is not null && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)) text.Append(line).Append(' ');
        }
        if (text.Length > 0) Flush();
        return result;
    }

    public void Dispose()
    {
        using var c = Open();
        c.Execute("SET GLOBAL slow_query_log = @on", new { on = saved.On });
        c.Execute("SET GLOBAL long_query_time = @v", new { v = saved.LongQuery });
        c.Execute("SET GLOBAL log_slow_disabled_statements = @v", new { v = saved.Disabled });
        c.Execute("SET GLOBAL slow_query_log_file = @v", new { v = saved.File });
    }
}
