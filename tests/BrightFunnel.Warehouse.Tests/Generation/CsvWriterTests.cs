using System.Text;
using BrightFunnel.Warehouse.Generation;

namespace BrightFunnel.Warehouse.Tests.Generation;

[TestClass]
public sealed class CsvWriterTests
{
    static byte[] Write(CsvFormat format, Action<CsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var csv = new CsvWriter(stream, format, leaveOpen: true)) write(csv);
        return stream.ToArray();
    }

    static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [TestMethod]
    public void QuotesOnlyFieldsThatNeedItAndDoublesQuotes()
    {
        var bytes = Write(CsvFormat.Rfc4180, csv =>
        {
            csv.WriteHeader(["Id", "Name", "Notes"]);
            csv.Field("001").Field("Acme, Inc.").Field("say \"hi\"\nthen leave").EndRecord();
            csv.Field("002").Null().Field("").EndRecord();
        });
        Assert.AreEqual("Id,Name,Notes\r\n001,\"Acme, Inc.\",\"say \"\"hi\"\"\nthen leave\"\r\n002,,\r\n", Text(bytes));
        var back = StrictCsvReader.Parse(bytes);
        Assert.AreEqual("say \"hi\"\nthen leave", back.Records[0][2]);
        Assert.AreEqual("\r\n", back.NewLine);
    }

    [TestMethod]
    public void QuoteAllQuotesEveryFieldAndWritesNullAsEmptyQuotes()
    {
        var bytes = Write(new CsvFormat(false, "\n", true), csv =>
        {
            csv.WriteHeader(["A", "B", "C"]);
            csv.Field("x").Null().Field(true).EndRecord();
        });
        Assert.AreEqual("\"A\",\"B\",\"C\"\n\"x\",\"\",\"true\"\n", Text(bytes));
        Assert.IsTrue(StrictCsvReader.Parse(bytes).AllQuoted);
    }

    [TestMethod]
    public void WritesTheBomOnlyWhenAsked()
    {
        var with = Write(new CsvFormat(true, "\n", false), csv => csv.WriteHeader(["A"]));
        var without = Write(new CsvFormat(false, "\n", false), csv => csv.WriteHeader(["A"]));
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'A', (byte)'\n' }, with);
        CollectionAssert.AreEqual(new byte[] { (byte)'A', (byte)'\n' }, without);
    }

    [TestMethod]
    public void FormatsValuesTheWaySalesforceExportsThem()
    {
        var when = new DateTime(2015, 3, 4, 17, 22, 10, DateTimeKind.Utc).Ticks;
        var bytes = Write(CsvFormat.Rfc4180, csv =>
        {
            csv.DateTimeField(when).Field(new DateOnly(2015, 3, 4)).Field(false).Field(12345.5m).Field(42L).Field((decimal?)null).EndRecord();
        });
        Assert.AreEqual("2015-03-04T17:22:10.000Z,2015-03-04,false,12345.5,42,\r\n", Text(bytes));
    }

    [TestMethod]
    public void WritesUtf8AndLongValuesAcrossTheBuffer()
    {
        var longValue = new string('x', 100_000) + ",ü";
        var bytes = Write(CsvFormat.Rfc4180, csv => { csv.Field("Müller GmbH").Field(longValue).EndRecord(); });
        var back = StrictCsvReader.Parse(bytes);
        Assert.AreEqual("Müller GmbH", back.Header[0]);   // the first record, read as a header here
        Assert.AreEqual(longValue, back.Header[1]);
    }

    [TestMethod]
    public void CountsRecordsButNotTheHeader()
    {
        using var stream = new MemoryStream();
        using var csv = new CsvWriter(stream, CsvFormat.Rfc4180);
        csv.WriteHeader(["A"]);
        csv.Field("1").EndRecord();
        csv.Field("2").EndRecord();
        Assert.AreEqual(2, csv.Records);
    }

    [TestMethod]
    [DataRow("a,b\n\"x\"y,z\n", "text after a closing quote")]
    [DataRow("a,b\nx\"y,z\n", "a quote inside an unquoted field")]
    [DataRow("a,b\n\"x,z\n", "unterminated")]
    [DataRow("a,b\nx\rz,y\n", "bare CR")]
    [DataRow("a,b\r\nx,y\n", "mixed")]
    [DataRow("a,b\nx\n", "1 fields")]
    public void TheTestReaderIsStrict(string text, string message)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => StrictCsvReader.Parse(Encoding.UTF8.GetBytes(text)));
        StringAssert.Contains(e.Message, message);
    }
}
