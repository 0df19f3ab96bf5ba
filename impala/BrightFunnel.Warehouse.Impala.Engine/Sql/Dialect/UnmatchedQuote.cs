namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>Where a string or quoted identifier opens and never closes, read as Impala's scanner reads quotes and comments.</summary>
static class UnmatchedQuote
{
    /// <summary>The offset of the unclosed quote, or -1 when every quote closes.</summary>
    public static int Find(string sql)
    {
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i + 1) == '-') i = End(sql.IndexOf('\n', i), sql.Length);
            else if (c == '/' && At(sql, i + 1) == '*') i = End(sql.IndexOf("*/", i + 2, StringComparison.Ordinal), sql.Length - 2) + 2;
            else if (c is '\'' or '"' or '`')
            {
                var start = i++;
                while (i < sql.Length && sql[i] != c) i += sql[i] == '\\' ? 2 : 1;
                if (i >= sql.Length) return start;
                i++;
            }
            else i++;
        }
        return -1;
    }

    static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    static int End(int found, int fallback) => found < 0 ? fallback : found;
}
