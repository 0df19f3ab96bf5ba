namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// How Impala's scanner reads a bare word: a keyword token, an unused reserved word (always a
/// syntax error) or an identifier. The reserved set is computed as the scanner computes it.
/// </summary>
public sealed class ImpalaWords
{
    static readonly HashSet<string> Keywords = new(DialectData.Lines("impala_keywords.txt"), StringComparer.OrdinalIgnoreCase);

    /// <summary>Keywords the grammar accepts as identifiers (its rule <c>ident_or_unreserved</c>).</summary>
    static readonly HashSet<string> UnreservedKeywords = new(["default", "kill", "query", "uuid", "variant"], StringComparer.OrdinalIgnoreCase);

    static readonly ImpalaWords V2_11 = new(Keywords);
    static readonly ImpalaWords V3_0 = new(ReservedIn3_0());

    readonly HashSet<string> reserved;

    ImpalaWords(HashSet<string> reserved) => this.reserved = reserved;

    public static ImpalaWords For(ReservedWordsVersion version) => version == ReservedWordsVersion.Impala2_11 ? V2_11 : V3_0;

    public bool IsKeyword(string word) => Keywords.Contains(word);

    /// <summary>A keyword that cannot stand where the grammar wants an identifier.</summary>
    public bool IsReservedKeyword(string word) => Keywords.Contains(word) && !UnreservedKeywords.Contains(word);

    /// <summary>The scanner's <c>isReserved</c>: decides whether a syntax error adds the quoting hint.</summary>
    public bool IsReserved(string word) => reserved.Contains(word);

    /// <summary>Reserved but not a keyword: the scanner's UNUSED_RESERVED_WORD, refused everywhere.</summary>
    public bool IsUnusedReserved(string word) => !Keywords.Contains(word) && reserved.Contains(word);

    static HashSet<string> ReservedIn3_0()
    {
        var set = new HashSet<string>(Keywords, StringComparer.OrdinalIgnoreCase);
        set.UnionWith(DialectData.Lines("sql2016_reserved.txt"));
        set.ExceptWith(ImpalaBuiltins.Names);
        set.ExceptWith(DialectData.Lines("reserved_whitelist.txt"));
        return set;
    }
}
