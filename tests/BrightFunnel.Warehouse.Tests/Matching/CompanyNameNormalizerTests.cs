using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class CompanyNameNormalizerTests
{
    [TestMethod]
    [DataRow("Acme, Inc.", "acme")]
    [DataRow("ACME Corp", "acme")]
    [DataRow("Acme Corporation", "acme")]
    [DataRow("The Acme Company GmbH", "acme")]
    [DataRow("Acme", "acme")]
    [DataRow("  acme   inc  ", "acme")]
    [DataRow("Acme Pty Ltd", "acme")]
    [DataRow("Acme Co., Ltd.", "acme")]
    [DataRow("Acme L.L.C.", "acme")]
    [DataRow("Acme GmbH & Co. KG", "acme")]
    [DataRow("Acme S.A.", "acme")]
    [DataRow("Acme sp. z o.o.", "acme")]
    [DataRow("Smith & Co", "smith")]
    [DataRow("Smith & Sons Ltd", "smith and sons")]
    [DataRow("Johnson and Johnson", "johnson and johnson")]
    [DataRow("O'Reilly Media, Inc.", "oreilly media")]
    [DataRow("A.B.C. Holdings", "abc holdings")]
    [DataRow("A B C Holdings", "abc holdings")]
    [DataRow("Müller GmbH", "muller")]
    [DataRow("Société Générale S.A.", "societe generale")]
    [DataRow("Acme-Widgets (Europe) Ltd", "acme widgets europe")]
    [DataRow("3M Company", "3m")]
    [DataRow("The Limited", "limited")]
    [DataRow("Inc.", "inc")]
    [DataRow("The", "the")]
    public void NamesAreNormalized(string name, string expected) =>
        Assert.AreEqual(expected, CompanyNameNormalizer.Normalize(name));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("N/A")]
    [DataRow("n.a.")]
    [DataRow("[not provided]")]
    [DataRow("Self-employed")]
    [DataRow("Unknown")]
    [DataRow("---")]
    [DataRow("The Company")]
    [DataRow("Company, Inc.")]
    public void PlaceholdersAndEmptyNamesBecomeEmpty(string? name) =>
        Assert.AreEqual("", CompanyNameNormalizer.Normalize(name));

    [TestMethod]
    public void NormalizationIsIdempotent()
    {
        foreach (var name in new[] { "The Acme Company GmbH", "Smith & Sons Ltd", "A.B.C. Holdings", "Müller GmbH" })
        {
            var once = CompanyNameNormalizer.Normalize(name);
            Assert.AreEqual(once, CompanyNameNormalizer.Normalize(once), name);
        }
    }
}
