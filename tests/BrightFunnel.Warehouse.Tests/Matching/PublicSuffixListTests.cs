using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

/// <summary>The full Public Suffix List and its rules: multi-level suffixes, wildcards, exceptions.</summary>
[TestClass]
public sealed class PublicSuffixListTests
{
    [TestMethod]
    [DataRow("sub.acme.co.uk", "acme.co.uk")]
    [DataRow("www.acme.com.au", "acme.com.au")]
    [DataRow("www.lincoln.k12.ca.us", "lincoln.k12.ca.us")]       // three labels of suffix
    [DataRow("city.sacramento.ca.us", "sacramento.ca.us")]
    [DataRow("acme.xn--p1ai", "acme.xn--p1ai")]                  // .рф, listed in Cyrillic
    [DataRow("shop.acme.рф", "acme.xn--p1ai")]
    [DataRow("acme.github.io", "acme.github.io")]                 // the private section: one site each, not github.io
    [DataRow("www.acme.blogspot.com", "acme.blogspot.com")]
    public void MultiLevelSuffixesKeepOneLabelInFront(string host, string expected) =>
        Assert.AreEqual(expected, RegistrableDomain.FromHost(host));

    [TestMethod]
    public void AWildcardMakesEveryLabelUnderItASuffix()
    {
        // *.ck: "acme.ck" is itself a public suffix, so only a label in front of it is registrable.
        Assert.IsNull(RegistrableDomain.FromHost("acme.ck"));
        Assert.AreEqual("shop.acme.ck", RegistrableDomain.FromHost("www.shop.acme.ck"));
        // *.kobe.jp likewise: the registrable domain is three labels deep.
        Assert.IsNull(RegistrableDomain.FromHost("acme.kobe.jp"));
        Assert.AreEqual("www.acme.kobe.jp", RegistrableDomain.FromHost("www.acme.kobe.jp"));
    }

    [TestMethod]
    public void AnExceptionBeatsTheWildcardAndMakesItsParentTheSuffix()
    {
        // !www.ck: www.ck is registrable although *.ck would make it a suffix.
        Assert.AreEqual("www.ck", RegistrableDomain.FromHost("www.ck"));
        Assert.AreEqual("www.ck", RegistrableDomain.FromHost("mail.www.ck"));
        // !city.kobe.jp against *.kobe.jp.
        Assert.AreEqual("city.kobe.jp", RegistrableDomain.FromHost("www.city.kobe.jp"));
    }

    [TestMethod]
    [DataRow("co.uk")]
    [DataRow("com.au")]
    [DataRow("k12.ca.us")]
    [DataRow("github.io")]
    [DataRow("xn--p1ai")]
    public void ASuffixAloneIsNoDomain(string host) => Assert.IsNull(RegistrableDomain.FromHost(host));

    [TestMethod]
    public void AnUnlistedTopLevelDomainIsASuffixOfItsOwn() =>
        Assert.AreEqual("acme.notatld", RegistrableDomain.FromHost("www.acme.notatld"));

    [TestMethod]
    public void TheEmbeddedListIsTheFullOneWithBothSections()
    {
        var (rules, wildcards, exceptions) = PublicSuffixList.Embedded.Counts;
        Assert.IsGreaterThan(9000, rules + wildcards + exceptions, "the Debian list has about 9,500 rules; a subset was embedded");
        Assert.IsGreaterThan(50, wildcards);
        Assert.IsGreaterThan(5, exceptions);
    }

    [TestMethod]
    public void ParsingFollowsTheListFormat()
    {
        var list = PublicSuffixList.Parse(new StringReader("""
            // comment
            Uk
            co.uk  trailing words are not part of the rule
            *.example
            !keep.example
            """), "test.dat");
        Assert.AreEqual(2, list.SuffixLabels("acme.co.uk"));
        Assert.AreEqual(1, list.SuffixLabels("acme.uk"));
        Assert.AreEqual(2, list.SuffixLabels("acme.example"));
        Assert.AreEqual(1, list.SuffixLabels("keep.example"));
        Assert.AreEqual(1, list.SuffixLabels("acme.other"));
    }

    [TestMethod]
    [DataRow("com\nfoo..bar\n", "test.dat line 2: 'foo..bar' is not a rule")]
    [DataRow("com\n\nfoo.*.bar\n", "test.dat line 3: 'foo.*.bar' is not a rule")]
    [DataRow("!\n", "test.dat line 1: '!' is not a rule")]
    public void ABadRuleNamesTheFileAndLine(string text, string expected)
    {
        var refused = Assert.ThrowsExactly<InvalidDataException>(() => PublicSuffixList.Parse(new StringReader(text), "test.dat"));
        StringAssert.Contains(refused.Message, expected);
    }
}
