using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class RegistrableDomainTests
{
    [TestMethod]
    [DataRow("acme.com", "acme.com")]
    [DataRow("www.acme.com", "acme.com")]
    [DataRow("mail.eu.acme.com", "acme.com")]
    [DataRow("sub.acme.co.uk", "acme.co.uk")]
    [DataRow("acme.co.uk", "acme.co.uk")]
    [DataRow("a.b.acme.com.au", "acme.com.au")]
    [DataRow("shop.acme.co.jp", "acme.co.jp")]
    [DataRow("acme.com.br", "acme.com.br")]
    [DataRow("ACME.COM", "acme.com")]
    [DataRow("  Www.Acme.Com.  ", "acme.com")]
    [DataRow("acme.io", "acme.io")]
    [DataRow("uk.acme.de", "acme.de")]
    [DataRow("bücher.de", "xn--bcher-kva.de")]
    [DataRow("xn--bcher-kva.de", "xn--bcher-kva.de")]
    [DataRow("my-company.com", "my-company.com")]
    public void HostsGiveTheirRegistrableDomain(string host, string expected) =>
        Assert.AreEqual(expected, RegistrableDomain.FromHost(host));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("localhost")]
    [DataRow("com")]
    [DataRow("co.uk")]
    [DataRow("192.168.1.10")]
    [DataRow("acme.123")]
    [DataRow("acme..com")]
    [DataRow(".acme.com")]
    [DataRow("-acme.com")]
    [DataRow("acme-.com")]
    [DataRow("ac me.com")]
    [DataRow("acme_corp.com")]
    [DataRow("acme.com/about")]
    [DataRow("☃☃☃")]
    public void JunkHostsGiveNothing(string? host) => Assert.IsNull(RegistrableDomain.FromHost(host));

    [TestMethod]
    public void InternationalHostsBecomePunycode()
    {
        // IDNA decides what is valid; top-level domains are not checked against a list, so odd
        // ones pass — harmless, since a domain only matters when an account has the same one.
        Assert.AreEqual("xn--mller-kva.de", RegistrableDomain.FromHost("shop.MÜLLER.de"));
        Assert.AreEqual("xn--mller-kva.de", RegistrableDomain.FromEmail("hans@müller.de"));
        Assert.AreEqual("acme.xn--cm-fsx", RegistrableDomain.FromHost("acme.c☃m"));
    }

    [TestMethod]
    [DataRow("bob@acme.com", "acme.com")]
    [DataRow("Bob.Smith@Mail.ACME.co.uk", "acme.co.uk")]
    [DataRow("  bob@acme.com  ", "acme.com")]
    [DataRow("Bob Smith <bob@sales.acme.com>", "acme.com")]
    [DataRow("bob+tag@acme.com.", "acme.com")]
    [DataRow("\"odd@local\"@acme.com", "acme.com")]
    public void EmailsGiveTheirRegistrableDomain(string email, string expected) =>
        Assert.AreEqual(expected, RegistrableDomain.FromEmail(email));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("bob")]
    [DataRow("bob@")]
    [DataRow("@acme.com")]
    [DataRow("bob@acme")]
    [DataRow("bob@localhost")]
    [DataRow("bob@[192.168.0.1]")]
    [DataRow("bob@192.168.0.1")]
    [DataRow("bob@acme.com:25")]
    [DataRow("bob smith@acme.com")]
    [DataRow("bob@acme..com")]
    [DataRow("Bob <bob@acme.com")]
    [DataRow("bob@co.uk")]
    public void InvalidEmailsGiveNothing(string? email) => Assert.IsNull(RegistrableDomain.FromEmail(email));

    [TestMethod]
    [DataRow("http://www.acme.com/path", "acme.com")]
    [DataRow("https://acme.com", "acme.com")]
    [DataRow("HTTPS://WWW.ACME.COM/", "acme.com")]
    [DataRow("www.acme.com", "acme.com")]
    [DataRow("acme.com/about-us?ref=x#top", "acme.com")]
    [DataRow("http://acme.com:8080/index.html", "acme.com")]
    [DataRow("//acme.com", "acme.com")]
    [DataRow("http://user:pw@shop.acme.co.uk/", "acme.co.uk")]
    [DataRow("www.acme.com, www.acme.de", "acme.com")]
    [DataRow("http://www.acme.com?x=1", "acme.com")]
    public void WebsitesGiveTheirRegistrableDomain(string website, string expected) =>
        Assert.AreEqual(expected, RegistrableDomain.FromWebsite(website));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("n/a")]
    [DataRow("none")]
    [DataRow("http://")]
    [DataRow("http://localhost:3000")]
    [DataRow("http://10.0.0.1/")]
    [DataRow("http://[::1]/")]
    [DataRow("acme.com:http")]
    public void JunkWebsitesGiveNothing(string? website) => Assert.IsNull(RegistrableDomain.FromWebsite(website));
}
