using BrightFunnel.Warehouse.Console;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>Console tables show customers' data, which must never drive the operator's terminal.</summary>
[TestClass]
public sealed class TextTableTests
{
    [TestMethod]
    public void EscapeSequencesAndBidiOverridesInACellArePrintedAsQuestionMarks()
    {
        var hostile = "Spring\u001b]0;pwned\u0007 \u001b[2J Webinar \u202eevil\u0085";
        var table = new TextTable("campaign", "touches").Add(hostile, 3).ToString();
        Assert.IsFalse(table.Any(c => char.IsControl(c) && c != '\n'), "no control character but the line breaks");
        StringAssert.Contains(table, "Spring?]0;pwned? ?[2J Webinar ?evil?");
        Assert.AreEqual("Acme · Tier 1 — café", TextTable.Printable("Acme · Tier 1 — café"), "printable text is left as it is");
    }
}
