using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class FreeMailDomainsTests
{
    [TestMethod]
    [DataRow("gmail.com")]
    [DataRow("yahoo.com")]
    [DataRow("outlook.com")]
    [DataRow("hotmail.com")]
    [DataRow("aol.com")]
    [DataRow("icloud.com")]
    [DataRow("GMAIL.COM")]
    [DataRow("yahoo.co.uk")]
    [DataRow("mail.yahoo.co.uk")]
    [DataRow("protonmail.com")]
    public void KnownProvidersAreFreeMail(string host) => Assert.IsTrue(FreeMailDomains.Contains(host));

    [TestMethod]
    [DataRow("acme.com")]
    [DataRow("google.com")]
    [DataRow("microsoft.com")]
    [DataRow("co.uk")]
    [DataRow("")]
    [DataRow(null)]
    public void CompanyDomainsAreNot(string? host) => Assert.IsFalse(FreeMailDomains.Contains(host));

    [TestMethod]
    public void EveryListedDomainIsItselfARegistrableDomain()
    {
        // A listed "mail.example.com" would never match, because the check uses the registrable domain.
        foreach (var domain in FreeMailDomains.All)
            Assert.AreEqual(domain, RegistrableDomain.FromHost(domain), $"free_mail_domains.txt: {domain}");
        Assert.IsGreaterThan(100, FreeMailDomains.All.Count);
    }

    [TestMethod]
    public void FreeMailIsNeverACompanyDomain()
    {
        Assert.IsNull(FreeMailDomains.CompanyDomainOfEmail("jane.doe@gmail.com"));
        Assert.IsNull(FreeMailDomains.CompanyDomainOfEmail("jane@Hotmail.co.uk"));
        Assert.IsNull(FreeMailDomains.CompanyDomainOfWebsite("https://sites.google.com.gmail.com/"));
        Assert.IsNull(FreeMailDomains.CompanyDomainOfWebsite("http://www.yahoo.com/acme"));
        Assert.AreEqual("acme.com", FreeMailDomains.CompanyDomainOfEmail("jane@eu.acme.com"));
        Assert.AreEqual("acme.co.uk", FreeMailDomains.CompanyDomainOfWebsite("www.acme.co.uk"));
        Assert.IsNull(FreeMailDomains.CompanyDomainOfEmail("not an email"));
    }
}
