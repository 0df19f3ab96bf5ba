using BrightFunnel.Warehouse.Web.Data;
using BrightFunnel.Warehouse.Web.Pages;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>A date range's quarters and its comparison's, from the as-of date and the fiscal year's first month.</summary>
[TestClass]
public sealed class DateRangeResolveTests
{
    static Publication AsOf(string day, int? fiscalStart) => new(1, 1, DateTime.UtcNow, DateTime.Parse(day), "USD", fiscalStart);

    static string Quarters(IEnumerable<FiscalQuarter> quarters) => string.Join(" ", quarters.Select(q => q.Label));

    [TestMethod]
    [DataRow("2026-01-31", 1, "FY2026 Q1")]
    [DataRow("2026-12-31", 1, "FY2026 Q4")]
    [DataRow("2026-01-31", 2, "FY2026 Q4")] // February start: January ends the fiscal year named by the calendar year it ends in
    [DataRow("2026-02-01", 2, "FY2027 Q1")]
    [DataRow("2026-07-15", 7, "FY2027 Q1")]
    [DataRow("2026-06-30", 7, "FY2026 Q4")]
    public void AFiscalQuarterIsCountedAsTheWarehouseCountsIt(string day, int start, string quarter) =>
        Assert.AreEqual(quarter, FiscalQuarter.Of(DateOnly.Parse(day), start).Label);

    [TestMethod]
    [DataRow("this-quarter", "none", "FY2026 Q3", "")]
    [DataRow("last-quarter", "previous", "FY2026 Q2", "FY2026 Q1")]
    [DataRow("this-year", "previous", "FY2026 Q1 FY2026 Q2 FY2026 Q3", "FY2025 Q1 FY2025 Q2 FY2025 Q3")]
    [DataRow("last-12-months", "previous", "FY2025 Q4 FY2026 Q1 FY2026 Q2 FY2026 Q3", "FY2024 Q4 FY2025 Q1 FY2025 Q2 FY2025 Q3")]
    [DataRow("this-quarter", "year-ago", "FY2026 Q3", "FY2025 Q3")]
    [DataRow("this-quarter", "previous", "FY2026 Q3", "FY2026 Q2")]
    public void APresetIsTheQuartersUpToTheAsOfDatesAndTheComparisonTheQuartersBefore(string range, string compare, string quarters, string comparison)
    {
        var resolved = DateRange.Resolve(new Selection("pipeline", "linear", "all", range, compare), AsOf("2026-08-20", 1))!;
        Assert.AreEqual(quarters, Quarters(resolved.Quarters));
        Assert.AreEqual(comparison, Quarters(resolved.Comparison));
        Assert.AreEqual(compare != "none", resolved.Compared);
    }

    [TestMethod]
    public void AllTimeIsNoRangeAndAVersionWithoutItsAsOfDateRefusesOne()
    {
        Assert.IsNull(DateRange.Resolve(new Selection("pipeline", "linear", "all"), AsOf("2026-08-20", null)));
        var e = Assert.ThrowsExactly<BadSelectionException>(() =>
            DateRange.Resolve(new Selection("pipeline", "linear", "all", "this-quarter"), AsOf("2026-08-20", null)));
        Assert.AreEqual("range", e.Parameter);
    }
}
