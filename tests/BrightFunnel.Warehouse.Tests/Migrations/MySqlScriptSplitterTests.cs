using BrightFunnel.Warehouse.Migrations;

namespace BrightFunnel.Warehouse.Tests.Migrations;

[TestClass]
public sealed class MySqlScriptSplitterTests
{
    static string[] Texts(string script) => MySqlScriptSplitter.Split(script).Select(s => s.Text).ToArray();

    [TestMethod]
    public void SplitsOnSemicolonsAndDropsEmptyStatements()
    {
        CollectionAssert.AreEqual(new[] { "CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)" },
            Texts("CREATE TABLE a (x INT);\n;\nINSERT INTO a VALUES (1);\n"));
    }

    [TestMethod]
    public void LastStatementNeedsNoDelimiter()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 1", "SELECT 2" }, Texts("SELECT 1;\nSELECT 2"));
    }

    [TestMethod]
    public void DelimiterCommandChangesTheDelimiterForProcedureBodies()
    {
        var script = """
            DROP PROCEDURE IF EXISTS p;
            DELIMITER $$
            CREATE PROCEDURE p()
            BEGIN
              SELECT 1;
              SELECT 2;
            END$$
            DELIMITER ;
            SELECT 3;
            """;
        var texts = Texts(script);
        Assert.HasCount(3, texts);
        Assert.AreEqual("DROP PROCEDURE IF EXISTS p", texts[0]);
        StringAssert.StartsWith(texts[1], "CREATE PROCEDURE p()");
        StringAssert.EndsWith(texts[1], "END");
        StringAssert.Contains(texts[1], "SELECT 1;\n  SELECT 2;");
        Assert.AreEqual("SELECT 3", texts[2]);
    }

    [TestMethod]
    public void AnyDelimiterWorksAndIsCaseInsensitive()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 1; SELECT 2", "SELECT 3" },
            Texts("delimiter //\nSELECT 1; SELECT 2//\nSELECT 3//\nDELIMITER ;\n"));
    }

    [TestMethod]
    public void SemicolonsAndTheWordDelimiterInsideStringsDoNotSplit()
    {
        var texts = Texts("INSERT INTO t VALUES ('a;b', \"c;d\");\nINSERT INTO t VALUES ('\nDELIMITER $$\n');\nSELECT 'x';");
        Assert.HasCount(3, texts);
        Assert.AreEqual("INSERT INTO t VALUES ('a;b', \"c;d\")", texts[0]);
        Assert.AreEqual("INSERT INTO t VALUES ('\nDELIMITER $$\n')", texts[1]);
    }

    [TestMethod]
    public void EscapedQuotesStayInsideTheString()
    {
        CollectionAssert.AreEqual(new[] { @"SELECT 'it\'s; fine', 'doubled '';'' too', ""say """"hi;"""""" ", "SELECT 2" }.Select(s => s.Trim()).ToArray(),
            Texts(@"SELECT 'it\'s; fine', 'doubled '';'' too', ""say """"hi;"""""";SELECT 2;"));
    }

    [TestMethod]
    public void BacktickIdentifiersMayHoldDelimiters()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 1 AS `a;b``c;`", "SELECT 2" }, Texts("SELECT 1 AS `a;b``c;`;SELECT 2;"));
    }

    [TestMethod]
    public void CommentsDoNotSplitAndCommentOnlyTextIsNoStatement()
    {
        var script = """
            -- a comment; with a semicolon
            # another; comment
            /* block; comment
               DELIMITER $$ */
            SELECT 1 -- trailing; comment
            ;
            SELECT 2; /* nothing after */
            -- the end;
            """;
        var texts = Texts(script);
        Assert.HasCount(2, texts);
        StringAssert.StartsWith(texts[0], "SELECT 1");
        Assert.AreEqual("SELECT 2", texts[1]);
    }

    [TestMethod]
    public void DoubleDashWithoutSpaceIsNotAComment()
    {
        CollectionAssert.AreEqual(new[] { "SELECT 5--1", "SELECT 2" }, Texts("SELECT 5--1;SELECT 2;"));
    }

    [TestMethod]
    public void ReportsTheLineEachStatementStartsOn()
    {
        var statements = MySqlScriptSplitter.Split("-- header\n\nSELECT 1;\nSELECT\n  'a\nb';\n\n  SELECT 3;");
        CollectionAssert.AreEqual(new[] { 3, 4, 8 }, statements.Select(s => s.Line).ToArray());
    }
}
