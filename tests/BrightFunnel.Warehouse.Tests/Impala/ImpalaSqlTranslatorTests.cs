using BrightFunnel.Warehouse.Impala.Engine.Sql;

namespace BrightFunnel.Warehouse.Tests.Impala;

[TestClass]
public sealed class ImpalaSqlTranslatorTests
{
    [TestMethod]
    [DataRow("SELECT `a b` FROM `db`.`t`", "SELECT \"a b\" FROM \"db\".\"t\"")]
    [DataRow("SELECT \"it's\"", "SELECT 'it''s'")]
    [DataRow(@"SELECT 'it\'s', 'a\\b', 'tab\there'", "SELECT 'it''s', 'a\\b', 'tab\there'")]
    [DataRow(@"SELECT x LIKE 'a\_b'", @"SELECT x LIKE 'a\_b'")]
    [DataRow("SELECT nvl(a, 0), ifnull(b, 1), isnull(c, 2)", "SELECT coalesce(a, 0), coalesce(b, 1), coalesce(c, 2)")]
    [DataRow("SELECT NVL2(a, 1, 2)", "SELECT impala_nvl2(a, 1, 2)")]
    [DataRow("SELECT pow(2, 3), power(2, 3)", "SELECT pow(2, 3), power(2, 3)")]
    [DataRow("SELECT datediff(a, b), now(), rand()", "SELECT impala_datediff(a, b), impala_now(), random()")]
    [DataRow("SELECT a <=> b", "SELECT a  IS NOT DISTINCT FROM  b")]
    [DataRow("SELECT 7 DIV 2", "SELECT 7 // 2")]
    [DataRow("SELECT * FROM default.t JOIN `default`.u", "SELECT * FROM main.t JOIN \"main\".u")]
    [DataRow("SELECT CAST(x AS STRING) -- nvl( stays in comments\nFROM t", "SELECT CAST(x AS STRING) -- nvl( stays in comments\nFROM t")]
    [DataRow("SELECT t.log FROM t", "SELECT t.log FROM t")]
    [DataRow("SELECT a FROM t WHERE a = 1 || b IS NULL", "SELECT a FROM t WHERE a = 1  OR  b IS NULL")]
    [DataRow("SELECT s || 'x', (a > 1) || flag FROM t", "SELECT s  OR  'x', (a > 1)  OR  flag FROM t")]
    public void Translates(string impala, string duckdb) => Assert.AreEqual(duckdb, ImpalaSqlTranslator.Translate(impala));

    [TestMethod]
    public void ConcatBecomesNullPropagatingStringConcatenation() =>
        Assert.AreEqual("SELECT (CAST((a) AS VARCHAR) || CAST(('-') AS VARCHAR) || CAST((coalesce(b, 'x')) AS VARCHAR))",
            ImpalaSqlTranslator.Translate("SELECT concat(a, \"-\", nvl(b, 'x'))"));

    [TestMethod]
    public void NestedConcatAndConcatWs() =>
        Assert.AreEqual("SELECT (CAST(((CAST((a) AS VARCHAR) || CAST((b) AS VARCHAR))) AS VARCHAR) || CAST(('/') AS VARCHAR) || CAST((c) AS VARCHAR))",
            ImpalaSqlTranslator.Translate("SELECT concat_ws('/', concat(a, b), c)"));

    [TestMethod]
    public void ConcatWithoutArgumentsIsASyntaxError() =>
        Assert.ThrowsExactly<SqlSyntaxException>(() => ImpalaSqlTranslator.Translate("SELECT concat()"));
}

[TestClass]
public sealed class ImpalaStatementParserTests
{
    [TestMethod]
    public void CreateExternalParquetTable()
    {
        var s = (CreateExternalTableStatement)ImpalaStatementParser.Parse("""
            CREATE EXTERNAL TABLE IF NOT EXISTS `stage_db`.`cn_touches` (
              `touch_id` STRING COMMENT 'sfdc id',
              `amount` DECIMAL(18, 2),
              `day` INT,
              `at` TIMESTAMP
            ) COMMENT 'staged' STORED AS PARQUET LOCATION '/user/bfw/acme/r1/cn_touches' TBLPROPERTIES ('a'='b');
            """);
        Assert.AreEqual(new TableName("stage_db", "cn_touches"), s.Name);
        Assert.IsTrue(s.IfNotExists);
        Assert.AreEqual("/user/bfw/acme/r1/cn_touches", s.Location);
        Assert.AreEqual("touch_id:STRING amount:DECIMAL(18,2) day:INT at:TIMESTAMP", string.Join(" ", s.Columns.Select(c => $"{c.Name}:{c.Type}")));
        Assert.AreEqual("sfdc id", s.Columns[0].Comment);
    }

    [TestMethod]
    [DataRow("CREATE EXTERNAL TABLE t (a INT) LOCATION '/x'", "PARQUET")]
    [DataRow("CREATE EXTERNAL TABLE t (a INT) STORED AS PARQUET", "LOCATION")]
    [DataRow("CREATE TABLE t (a ARRAY<INT>)", "complex")]
    [DataRow("SELECT 1; SELECT 2", "one statement")]
    public void RefusesWhatTheEngineCannotDo(string sql, string reason)
    {
        var e = Assert.ThrowsExactly<SqlSyntaxException>(() => ImpalaStatementParser.Parse(sql));
        StringAssert.Contains(e.Message, reason);
    }

    [TestMethod]
    public void UtilityStatements()
    {
        Assert.AreEqual(new DropTableStatement(new TableName("d", "t"), true), ImpalaStatementParser.Parse("DROP TABLE IF EXISTS d.t PURGE"));
        Assert.AreEqual(new DropDatabaseStatement("d", true, true), ImpalaStatementParser.Parse("drop database if exists d cascade"));
        Assert.AreEqual(new RefreshStatement(new TableName(null, "t")), ImpalaStatementParser.Parse("REFRESH t"));
        Assert.AreEqual(new InvalidateMetadataStatement(null), ImpalaStatementParser.Parse("INVALIDATE METADATA"));
        Assert.AreEqual(new InvalidateMetadataStatement(new TableName("d", "t")), ImpalaStatementParser.Parse("INVALIDATE METADATA d.t"));
        Assert.AreEqual(new ComputeStatsStatement(new TableName("d", "t")), ImpalaStatementParser.Parse("COMPUTE INCREMENTAL STATS d.t"));
        Assert.AreEqual(new CreateDatabaseStatement("d", true), ImpalaStatementParser.Parse("CREATE DATABASE IF NOT EXISTS d COMMENT 'x'"));
        Assert.AreEqual(new UseStatement("d"), ImpalaStatementParser.Parse("USE `d`;"));
        Assert.AreEqual(new SetStatement("MEM_LIMIT", "2g"), ImpalaStatementParser.Parse("set mem_limit=2g"));
        Assert.AreEqual(new SetStatement(null, null), ImpalaStatementParser.Parse("SET"));
    }

    [TestMethod]
    public void QueriesAreTranslatedAndKnowWhetherTheyReturnRows()
    {
        var q = (QueryStatement)ImpalaStatementParser.Parse("WITH x AS (SELECT nvl(a, 1) a FROM t) SELECT * FROM x;");
        Assert.IsTrue(q.ReturnsRows);
        Assert.AreEqual("WITH x AS (SELECT coalesce(a, 1) a FROM t) SELECT * FROM x", q.DuckDbSql);
        Assert.IsFalse(((QueryStatement)ImpalaStatementParser.Parse("INSERT INTO t VALUES (1)")).ReturnsRows);
    }

    [TestMethod]
    public void CreateTableAsSelectStaysInTheEngine()
    {
        var s = (CreateManagedTableStatement)ImpalaStatementParser.Parse("CREATE TABLE r STORED AS PARQUET AS SELECT concat(a, b) AS ab FROM t");
        Assert.AreEqual("SELECT (CAST((a) AS VARCHAR) || CAST((b) AS VARCHAR)) AS ab FROM t", s.AsSelectDuckDbSql);
    }
}
