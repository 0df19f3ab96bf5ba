using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;

namespace BrightFunnel.Warehouse.Tests.Analytics;

[TestClass]
public sealed class FilterCompilerTests
{
    // 2024-05-20 with a fiscal year starting in February: FY2025 runs 2024-02-01 … 2025-01-31.
    static readonly RelativeDates Dates = new(new DateOnly(2024, 5, 20), fiscalYearStartMonth: 2);

    static CompiledFilter Compile(string rule) => FilterCompiler.Compile(rule, Dates);

    static object? Param(CompiledFilter f, string name) => f.Parameters.Get<object>(name);

    [TestMethod]
    public void CompilesTheDocumentedExampleWithParametersOnly()
    {
        var f = Compile("""
            {"all": [{"field": "account.tier", "op": "eq", "value": "Tier 1"},
                     {"field": "opportunity.close_date", "op": "in", "value": "THIS_FISCAL_YEAR"}]}
            """);
        Assert.AreEqual("(a.tier = @f0 AND o.close_date BETWEEN @f1 AND @f2)", f.Predicate);
        Assert.AreEqual("Tier 1", Param(f, "f0"));
        Assert.AreEqual(new DateTime(2024, 2, 1), Param(f, "f1"));
        Assert.AreEqual(new DateTime(2025, 1, 31), Param(f, "f2"));
    }

    [TestMethod]
    public void CombinatorsAndEveryOp()
    {
        var f = Compile("""
            {"any": [
              {"not": {"field": "opportunity.stage", "op": "in", "value": ["Closed Lost", "Dead"]}},
              {"field": "opportunity.amount", "op": "between", "value": [1000, 5000.5]},
              {"field": "account.name", "op": "contains", "value": "50%_off"},
              {"field": "account.name", "op": "starts_with", "value": "Acme"},
              {"field": "account.industry", "op": "is_null"},
              {"field": "opportunity.is_won", "op": "eq", "value": true},
              {"field": "account.custom.Segment__c", "op": "ne", "value": "SMB"},
              {"field": "opportunity.created_date", "op": "gte", "value": "LAST_N_DAYS:30"}
            ]}
            """);
        StringAssert.StartsWith(f.Predicate, "((NOT o.stage IN (@f0, @f1)) OR o.amount BETWEEN @f2 AND @f3 OR a.name LIKE @f4");
        StringAssert.Contains(f.Predicate, "a.industry IS NULL");
        StringAssert.Contains(f.Predicate, "(JSON_UNQUOTE(JSON_EXTRACT(a.custom, @f7)) IS NULL OR JSON_UNQUOTE(JSON_EXTRACT(a.custom, @f7)) <> @f8)");
        Assert.AreEqual("%50\\%\\_off%", Param(f, "f4"), "LIKE wildcards in values are escaped");
        Assert.AreEqual("Acme%", Param(f, "f5"));
        Assert.AreEqual(1, Param(f, "f6"));
        Assert.AreEqual("$.\"Segment__c\"", Param(f, "f7"), "the custom field name is a parameter too");
        Assert.AreEqual("SMB", Param(f, "f8"));
        Assert.AreEqual(new DateTime(2024, 4, 20), Param(f, "f9"));
    }

    [TestMethod]
    public void RelativeDatesResolveOnTheRunDate()
    {
        Assert.AreEqual((new DateTime(2023, 2, 1), new DateTime(2024, 1, 31)), Dates.Resolve("LAST_FISCAL_YEAR", "x"));
        Assert.AreEqual((new DateTime(2024, 5, 1), new DateTime(2024, 7, 31)), Dates.Resolve("THIS_FISCAL_QUARTER", "x"));
        Assert.AreEqual((new DateTime(2024, 5, 20), new DateTime(2024, 5, 27)), Dates.Resolve("NEXT_N_DAYS:7", "x"));
        Assert.AreEqual((new DateTime(2024, 5, 20), new DateTime(2024, 5, 20)), Dates.Resolve("TODAY", "x"));
        var tokyo = RelativeDates.ForTenant(new DateTime(2024, 5, 20, 20, 0, 0, DateTimeKind.Utc), "Asia/Tokyo", 1);
        Assert.AreEqual(new DateOnly(2024, 5, 21), tokyo.Today, "the run date is today in the tenant's zone");
    }

    [TestMethod]
    [DataRow("""{"field": "account.color", "op": "eq", "value": "red"}""", "unknown field 'account.color'")]
    [DataRow("""{"field": "account.tier", "op": "like", "value": "T%"}""", "unknown op 'like'")]
    [DataRow("""{"field": "opportunity.amount", "op": "eq", "value": "lots"}""", "expected a number value, got string \"lots\"")]
    [DataRow("""{"field": "opportunity.close_date", "op": "gt", "value": "yesterday"}""", "'yesterday' is not a date")]
    [DataRow("""{"field": "opportunity.close_date", "op": "in", "value": "LAST_N_WEEKS:2"}""", "unknown relative date 'LAST_N_WEEKS:2'")]
    [DataRow("""{"field": "account.tier", "op": "gt", "value": "Tier 1"}""", "op gt needs a number or date field")]
    [DataRow("""{"field": "account.tier", "op": "in", "value": []}""", "expected a non-empty array")]
    [DataRow("""{"field": "account.tier", "op": "is_null", "value": 1}""", "op is_null takes no value")]
    [DataRow("""{"field": "account.tier", "op": "eq"}""", "op eq needs a value")]
    [DataRow("""{"all": []}""", "expected a non-empty array of rules")]
    [DataRow("""{"all": [{"field": "account.tier", "op": "eq", "value": "x", "extra": 1}]}""", "$.all[0]: unknown key(s) extra")]
    [DataRow("""{"field": "opportunity.amount", "op": "contains", "value": "1"}""", "op contains needs a text field")]
    [DataRow("""{"field": "account.custom.Bad-Name", "op": "eq", "value": "x"}""", "unknown field 'account.custom.Bad-Name'")]
    [DataRow("""[1, 2]""", "expected an object")]
    [DataRow("""{"field": "account.tier", "op": "eq", "value": "x" """, "not valid JSON")]
    public void RefusesBadRulesNamingWhatIsWrong(string rule, string message)
    {
        var e = Assert.ThrowsExactly<BadInputException>(() => Compile(rule));
        StringAssert.Contains(e.Message, message);
    }
}
