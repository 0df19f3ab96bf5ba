using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>The packed lines of a target account's page (sql/tenant/0033_packed_account_pages.sql), read back.</summary>
[TestClass]
public sealed class PackedLinesTests
{
    [TestMethod]
    public void FieldsAreUnescapedAndNullIsBackslashN()
    {
        var rows = PackedLines.Read("a\\tb\t\\N\tc\\\\d\\ne\n\t\\\\N\tx\n", 3, "test").ToList();
        Assert.HasCount(2, rows);
        CollectionAssert.AreEqual(new[] { "a\tb", null, "c\\d\ne" }, rows[0]);
        CollectionAssert.AreEqual(new[] { "", "\\N", "x" }, rows[1], "an escaped backslash before N is text, an empty field is empty");
        Assert.IsEmpty(PackedLines.Read("", 3, "test").ToList());
    }

    [TestMethod]
    public void ALineThatBreaksTheFormatIsAnErrorNamingWhatAndTheLine()
    {
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => PackedLines.Read("a\tb\tc\na\tb\n", 3, "the journey of X").ToList()).Message,
            "the journey of X, line 2: 2 fields where 3 belong");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => PackedLines.Read("a\tb\tc", 3, "w").ToList()).Message,
            "w, line 1: the line does not end in a newline");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => PackedLines.Read("a\\x\tb\tc\n", 3, "w").ToList()).Message,
            "w, line 1: unknown escape \\x");
        StringAssert.Contains(Assert.ThrowsExactly<FormatException>(() => PackedLines.Read("a\tb\tc\\\n", 3, "w").ToList()).Message,
            "w, line 1: a field ends in a lone backslash");
    }

    [TestMethod]
    public void AJourneyIsNumberedInItsOrderAndWeeksAreOrderedByWeek()
    {
        var journey = PackedAccountPages.Journey("2026-03-03\tcontact\t003A\t\\N\t\\N\t\\N\t1\t\\N\n2026-04-08\topportunity\t\\N\t\\N\tBig\\tdeal\t\\N\t1\t1000.00\n", "001X");
        CollectionAssert.AreEqual(new[]
        {
            new JourneyRow(1, new DateTime(2026, 3, 3), "contact", "003A", null, null, null, 1, null),
            new JourneyRow(2, new DateTime(2026, 4, 8), "opportunity", null, null, "Big\tdeal", null, 1, 1000m),
        }, journey);
        // Weeks come in no order, each as a TO_DAYS number (740070 = 2026-03-30); they are read back by week.
        var weeks = PackedAccountPages.Weeks(
            "740070\t3\t3\t0\t0\t0\t0\t0\t0.00\t10\t10\t0.30000000000000004\t1e-07\t1\n740063\t1\t1\t0\t0\t0\t0\t0\t0.00\t0\t0.25\t0\t0\t0\n", "001X");
        CollectionAssert.AreEqual(new[]
        {
            new AccountWeekRow(new DateTime(2026, 3, 23), 1, 1, 0, 0, 0, 0, 0, 0m, 0, 0.25, 0, 0, false),
            new AccountWeekRow(new DateTime(2026, 3, 30), 3, 3, 0, 0, 0, 0, 0, 0m, 10, 10, 0.1 + 0.2, 1e-7, true),
        }, weeks);
    }
}
