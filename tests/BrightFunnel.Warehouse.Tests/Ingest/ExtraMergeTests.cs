using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Tests.Ingest;

/// <summary>How a reload's custom fields patch the stored ones (the rule JSON_MERGE_PATCH applied before).</summary>
[TestClass]
public sealed class ExtraMergeTests
{
    [TestMethod]
    [DataRow(null, """{"A":"1","B":null}""", """{"A":"1"}""")]
    [DataRow("""{"A":"1","B":"2","C":"3"}""", """{"B":"two","C":null,"D":"4"}""", """{"A":"1","B":"two","D":"4"}""")]
    [DataRow("""{"A":"1"}""", """{"A":null}""", null)]
    [DataRow("""{"A":"1"}""", """{"B":null}""", """{"A":"1"}""")]
    [DataRow("""{"Q":"say \"hi\"\n","É":"\u00e9"}""", """{"R":"back\\slash"}""", """{"Q":"say \"hi\"\n","É":"\u00e9","R":"back\\slash"}""")]
    public void IncomingFieldsReplaceEmptiedOnesGoAndTheRestStayInTheirOrder(string? stored, string incoming, string? expected) =>
        Assert.AreEqual(expected, ExtraMerge.Merge(stored, incoming));
}
