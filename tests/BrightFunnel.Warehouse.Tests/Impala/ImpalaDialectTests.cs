using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>The dialect guard as a pure function: what Impala's front end refuses, and what it accepts.</summary>
[TestClass]
public sealed class ImpalaDialectTests
{
    /// <summary>Statements Impala refuses, each with the start of its AnalysisException message.</summary>
    public static IEnumerable<object[]> Refused => ImpalaDialectCases.Refused;

    [TestMethod]
    [DynamicData(nameof(Refused))]
    public void RefusesWhatImpalaRefuses(string sql, string message)
    {
        var violation = ImpalaDialect.Check(sql);
        Assert.IsNotNull(violation, $"accepted: {sql}");
        StringAssert.StartsWith(violation.Message, message, $"for: {sql}");
    }

    [TestMethod]
    [DataRow("select 1 as `position`")]
    [DataRow("select `position`, t.`date` from t")]
    [DataRow("select \"a\"")]
    [DataRow("select 'a' as `select`")]
    [DataRow("select true || false")]
    [DataRow("select a = 1 || b = 2 || c from t")]
    [DataRow("select a = 'x' or b = 'y' from t")]
    [DataRow("select x from t where x between 1 and 5")]
    [DataRow("select cast(x as int), cast(y as decimal(18,4)), cast(z as varchar(10)) from t")]
    [DataRow("select extract(year from ts), trim(both ' ' from s) from t")]
    [DataRow("select row_number() over (partition by a order by b), lag(x, 1, 0) over (order by b) from t")]
    [DataRow("select count(*), count(distinct a, b), sum(x), ndv(y), group_concat(s, ',') from t")]
    [DataRow("select if(a, 1, 2), left(s, 2), right(s, 2), replace(s, 'a', 'b'), truncate(1.5), nvl2(a, 1, 2), nullif(a, 0), decode(a, 1, 'x', 'y') from t")]
    [DataRow("select _impala_builtins.abs(-1)")]
    [DataRow("select a from t where a in (1, 2) and exists (select 1 from u where u.k = t.k)")]
    [DataRow("with w (a, b) as (select 1, 2), v as (select * from w) select * from v")]
    [DataRow("create table if not exists db.t (id bigint, name string comment 'n', amount decimal(18,4)) stored as parquet location '/x'")]
    [DataRow("insert into db.t (id, name) values (1, 'a')")]
    [DataRow("insert overwrite table db.t select * from db.u")]
    [DataRow("create view v (a comment 'x', b) as select 1, 2")]
    [DataRow("drop table if exists db.t purge")]
    [DataRow("compute stats db.t")]
    [DataRow("refresh db.t")]
    [DataRow("invalidate metadata db.t")]
    [DataRow("describe formatted db.t")]
    [DataRow("show tables in db like 't*'")]
    [DataRow("use default")]
    [DataRow("set mem_limit=1g")]
    [DataRow("select a.default, query from t a")]
    [DataRow("select t.* from t")]
    [DataRow("select 1 from t group by 1 order by 1 desc nulls last limit 5 offset 2")]
    [DataRow("select 1 - -1, 2 * 3, 7 div 2, 5 % 3, a <=> b, a is not distinct from b from t")]
    [DataRow("select qualify from t")]
    [DataRow("select 1 as a;")]
    [DataRow("select sum(x) over (partition by a order by b rows between unbounded preceding and current row) from t")]
    [DataRow("select case when a is not null then 1 else 0 end, date '2024-01-01', interval 1 day + now() from t")]
    [DataRow("select a from t where not exists (select 1 from u) and b not in (1, 2) and c not like 'x%' and d is not distinct from e")]
    [DataRow("select a from t union all select b from u")]
    [DataRow("select distinct a from t")]
    [DataRow("(select a from t) union (select b from u)")]
    [DataRow("insert into t partition (year=2024) select 1")]
    [DataRow("create table t (a int, b decimal(10,2)) tblproperties ('k'='v')")]
    [DataRow("select 1 from t a join u b using (k) where a.x in (1, 2) and exists (select 1)")]
    [DataRow("select a, count(*) from t group by rollup (a)")]
    [DataRow("create table t stored as parquet as select 1 as a")]
    [DataRow("alter view v as select 1")]
    [DataRow("select count(*) from t where a is distinct from 1 and b is not distinct from 11 and c between 1 and 5 and d >= 0")]
    [DataRow("select a from t join [shuffle] u on t.k = u.k")]
    [DataRow("select /* +straight_join */ a from t -- a comment with position in it")]
    public void AcceptsWhatImpalaAccepts(string sql) => Assert.IsNull(ImpalaDialect.Check(sql), sql);

    [TestMethod]
    public void ReservedWordsFollowTheVersion()
    {
        Assert.IsNull(ImpalaDialect.Check("select 1 as position", ReservedWordsVersion.Impala2_11));
        Assert.IsNotNull(ImpalaDialect.Check("select 1 as position", ReservedWordsVersion.Impala3_0));
        // Keywords are reserved in both.
        Assert.IsNotNull(ImpalaDialect.Check("select 1 as from", ReservedWordsVersion.Impala2_11));
    }

    [TestMethod]
    public void SyntaxErrorsAreShapedAsImpalasParserWritesThem() =>
        Assert.AreEqual(
            "Syntax error in line 2:\nselect 1 as position\n            ^\nEncountered: A reserved word cannot be used as an identifier: position\nExpected: IDENTIFIER\n\n"
            + "Hint: reserved words have to be escaped when used as an identifier, e.g. `position`",
            ImpalaDialect.Check("-- a comment line\nselect 1 as position")!.Message);

    [TestMethod]
    public void AnUnclosedStringIsImpalasUnmatchedStringLiteral() =>
        // '' is no escape to Impala: 'it' is a string and the quote before s opens one that never closes.
        Assert.AreEqual("Unmatched string literal in line 2:\nwhere s = 'it''s -- not closed\n              ^",
            ImpalaDialect.Check("select a from t\nwhere s = 'it''s -- not closed")!.Message);

    [TestMethod]
    public void AKeywordAsAliasNamesTheKeyword() =>
        Assert.AreEqual(
            "Syntax error in line 1:\nselect 1 as from\n            ^\nEncountered: FROM\nExpected: IDENTIFIER\n\nHint: reserved words have to be escaped when used as an identifier, e.g. `from`",
            ImpalaDialect.Check("select 1 as from")!.Message);

    [TestMethod]
    public void ALongLineIsShortenedAroundTheError()
    {
        var sql = "select aaaaaaaaaa, bbbbbbbbbb, cccccccccc, dddddddddd, eeeeeeeeee, position, ffffffffff, gggggggggg, hhhhhhhhhh from t";
        var lines = ImpalaDialect.Check(sql)!.Message.Split('\n');
        // Impala keeps 27 characters either side of the error's column.
        Assert.AreEqual("..., dddddddddd, eeeeeeeeee, position, ffffffffff, gggggg...", lines[1]);
        Assert.AreEqual(lines[1].IndexOf("position", StringComparison.Ordinal), lines[2].IndexOf('^'));
    }

    [TestMethod]
    public void UnknownFunctionsNameTheCurrentDatabase() =>
        Assert.AreEqual("tenant_x.strftime() unknown for database tenant_x. Currently this db has 0 functions.",
            ImpalaDialect.Check("select strftime(now(), '%Y')", currentDatabase: "tenant_x")!.Message);

    [TestMethod]
    [DataRow("Binder Error: Cannot compare values of type VARCHAR and type INTEGER_LITERAL - an explicit cast is required", "AnalysisException: operands of type STRING and INT are not comparable")]
    [DataRow("Binder Error: Cannot compare values of type DATE and type BIGINT - an explicit cast is required", "AnalysisException: operands of type DATE and BIGINT are not comparable")]
    [DataRow("Binder Error: Referenced column \"x\" not found", "AnalysisException: Binder Error: Referenced column \"x\" not found")]
    public void DuckDbsCannotCompareIsImpalasNotComparable(string duckDb, string impala) =>
        Assert.AreEqual(impala, BrightFunnel.Warehouse.Impala.Engine.Hs2.EngineException.FromDuckDb(duckDb).Message);

    [TestMethod]
    public void EveryScalarAggregateAndAnalyticListHasItsSourceHeader()
    {
        foreach (var file in new[] { "impala_keywords.txt", "sql2016_reserved.txt", "reserved_whitelist.txt", "impala_functions.txt" })
        {
            using var stream = typeof(ImpalaDialect).Assembly.GetManifestResourceStream($"BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect.{file}");
            Assert.IsNotNull(stream, file);
            var header = new StreamReader(stream).ReadToEnd();
            StringAssert.Contains(header, "apache/impala", file);
            StringAssert.Contains(header, "b21595276c6c84161eb3194228df016f120ffc17", file);
        }
    }

    [TestMethod]
    public void TheTranslatorRenamesOnlyImpalaBuiltins()
    {
        var unknown = BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaFunctions.Renames.Keys.Where(k => ImpalaBuiltins.Find(k) is not { Callable: true }).ToList();
        Assert.AreEqual(0, unknown.Count, "not Impala builtins: " + string.Join(", ", unknown));
    }

    [TestMethod]
    public void TheReservedSetIsTheScannersComputation()
    {
        var words = ImpalaWords.For(ReservedWordsVersion.Impala3_0);
        Assert.IsTrue(words.IsUnusedReserved("position"), "SQL:2016 word, not a function");
        Assert.IsFalse(words.IsReserved("abs"), "SQL:2016 word but an Impala builtin");
        Assert.IsFalse(words.IsReserved("year"), "whitelisted");
        Assert.IsFalse(words.IsReserved("mod"), "an operator builtin's name");
        Assert.IsTrue(words.IsReserved("select"), "keyword");
        Assert.IsFalse(ImpalaWords.For(ReservedWordsVersion.Impala2_11).IsReserved("position"));
    }
}
