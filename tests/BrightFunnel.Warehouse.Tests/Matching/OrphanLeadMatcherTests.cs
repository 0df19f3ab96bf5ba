using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class OrphanLeadMatcherTests
{
    static MatchAccount Account(string id, string name, string? website, int contacts, params (string Domain, int Contacts)[] domains) =>
        new(id, name, website, contacts, domains.Select(d => new ContactDomainCount(d.Domain, d.Contacts)).ToArray());

    static readonly MatchAccount[] Accounts =
    [
        Account("001A", "Acme, Inc.", "http://www.acme.com/", 10, ("acme.com", 8), ("gmail.com", 2)),
        Account("001B", "Globex Corporation", null, 5, ("globex.com", 4), ("consultant.io", 1)),
        Account("001C", "Initech", "initech.com", 3),
        Account("001D", "Initech Holdings", "https://initech.com", 7),
        Account("001E", "Umbrella Corp", null, 2),
        Account("001F", "Umbrella LLC", null, 2),
        Account("001G", "Stark Industries", "starkindustries.com", 4),
        Account("001H", "Wayne Enterprises", null, 6, ("wayne.com", 3), ("mail.wayne.co.uk", 2), ("partner.com", 1)),
        Account("001I", "Reseller Partners", null, 1, ("acme.com", 1)),
    ];

    static readonly OrphanLeadMatcher Matcher = new(Accounts);

    static LeadAccountMatch MatchOf(string email, string company)
    {
        var match = Matcher.Match(new MatchLead("00Q1", email, company));
        Assert.IsNotNull(match, $"{email} / {company} should match");
        Assert.AreEqual("00Q1", match.LeadId);
        Assert.IsFalse(string.IsNullOrWhiteSpace(match.Explanation));
        Assert.IsLessThanOrEqualTo(500, match.Explanation.Length);
        Assert.DoesNotContain("\n", match.Explanation, "one line");
        return match;
    }

    [TestMethod]
    public void DomainAndNameAgreeingIsHigh()
    {
        var m = MatchOf("bob@sales.acme.com", "ACME Corp");
        Assert.AreEqual(("001A", MatchConfidence.High, MatchMethod.DomainAndName, false), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
        Assert.AreEqual(1.0, m.Score);
        StringAssert.Contains(m.Explanation, "acme.com");
        StringAssert.Contains(m.Explanation, "website");
        StringAssert.Contains(m.Explanation, "Acme, Inc. (001A)");
    }

    [TestMethod]
    public void ACloseNameAgreesWithTheDomainToo()
    {
        var m = MatchOf("bob@starkindustries.com", "Stark Industrys Inc");
        Assert.AreEqual(("001G", MatchConfidence.High, MatchMethod.DomainAndName), (m.AccountId, m.Confidence, m.Method));
        Assert.IsGreaterThanOrEqualTo(0.92, m.Score);
        Assert.IsLessThan(1.0, m.Score);
        StringAssert.Contains(m.Explanation, "Jaro-Winkler");
    }

    [TestMethod]
    public void AUniqueDomainAloneIsMedium()
    {
        var m = MatchOf("x@globex.com", "Something Else Entirely");
        Assert.AreEqual(("001B", MatchConfidence.Medium, MatchMethod.Domain, false), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
        Assert.AreEqual(1.0, m.Score);
        StringAssert.Contains(m.Explanation, "contacts' email");
    }

    [TestMethod]
    public void AWebsiteOutranksAnotherAccountsContactEmails()
    {
        // The reseller's one contact uses acme.com, but acme.com is Acme's Website.
        var m = MatchOf("y@acme.com", "");
        Assert.AreEqual(("001A", MatchConfidence.Medium, false), (m.AccountId, m.Confidence, m.IsAmbiguous));
    }

    [TestMethod]
    public void ContactDomainsAreTheMostUsedOnes()
    {
        // wayne.com (3 contacts) and wayne.co.uk (2 ≥ 3/2) count; partner.com (1 < 3/2) does not.
        CollectionAssert.AreEqual(new[] { "wayne.co.uk", "wayne.com" }, AccountDomains.Of(Accounts[7]).Contacts.ToArray());
        Assert.AreEqual("001H", MatchOf("z@wayne.co.uk", "").AccountId);
        Assert.IsNull(Matcher.Match(new MatchLead("00Q2", "z@partner.com", "")));
        // Free mail never counts, however many contacts use it.
        CollectionAssert.AreEqual(new[] { "acme.com" }, AccountDomains.Of(Accounts[0]).Contacts.ToArray());
        Assert.AreEqual("acme.com", AccountDomains.Of(Accounts[0]).Website);
        CollectionAssert.AreEqual(new[] { "a.com", "b.com" },
            AccountDomains.MostUsed([new("a.com", 2), new("gmail.com", 9), new("b.com", 1), new("c.com", 0), new("bad domain", 5)]).ToArray());
    }

    [TestMethod]
    public void AUniqueExactNameWithoutDomainIsMedium()
    {
        var m = MatchOf("jane@gmail.com", "The Globex Corp.");
        Assert.AreEqual(("001B", MatchConfidence.Medium, MatchMethod.ExactName, false), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
        Assert.AreEqual(1.0, m.Score);
        StringAssert.Contains(m.Explanation, "free mail");
        Assert.AreEqual(MatchConfidence.Medium, MatchOf("jane@unknown-startup.io", "Globex").Confidence);
        StringAssert.Contains(MatchOf("", "Globex").Explanation, "no email");
    }

    [TestMethod]
    public void TheDomainWinsOverAConflictingName()
    {
        // Email at Globex, company says Acme: the email domain is the stronger evidence.
        var m = MatchOf("x@globex.com", "Acme Inc");
        Assert.AreEqual(("001B", MatchConfidence.Medium, MatchMethod.Domain), (m.AccountId, m.Confidence, m.Method));
    }

    [TestMethod]
    public void ASharedDomainWithAnAgreeingNameIsHigh()
    {
        // initech.com is the Website of two accounts; only "Initech" is close to the company.
        var m = MatchOf("x@initech.com", "Initech Inc");
        Assert.AreEqual(("001C", MatchConfidence.High, false), (m.AccountId, m.Confidence, m.IsAmbiguous));
    }

    [TestMethod]
    public void ASharedDomainAloneIsLowAndAmbiguous()
    {
        var m = MatchOf("x@initech.com", "Unrelated Name");
        // Tie on the domain: the one with the most contacts (7 > 3) wins.
        Assert.AreEqual(("001D", MatchConfidence.Low, MatchMethod.Domain, true), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
        StringAssert.Contains(m.Explanation, "2 accounts tied");
        StringAssert.Contains(MatchOf("x@initech.com", "").Explanation, "names no company");
    }

    [TestMethod]
    public void SeveralExactNamesAreLowAndAmbiguousThenLowestIdWins()
    {
        var m = MatchOf("x@gmail.com", "UMBRELLA");
        // Same contacts (2 and 2): the lowest id wins.
        Assert.AreEqual(("001E", MatchConfidence.Low, MatchMethod.ExactName, true), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
    }

    [TestMethod]
    public void TiesPreferMostContactsThenOrdinalLowestId()
    {
        // "001B" < "001a" ordinally ('B' is 0x42, 'a' is 0x61), never case-insensitively.
        var matcher = new OrphanLeadMatcher([Account("001a", "Hooli", null, 5), Account("001B", "Hooli Inc", null, 5), Account("001c", "Hooli LLC", null, 4)]);
        var m = matcher.Match(new MatchLead("00Q", "x@gmail.com", "hooli"))!;
        Assert.AreEqual(("001B", true), (m.AccountId, m.IsAmbiguous));
        matcher = new OrphanLeadMatcher([Account("001a", "Hooli", null, 5), Account("001B", "Hooli Inc", null, 5), Account("001c", "Hooli LLC", null, 6)]);
        Assert.AreEqual("001c", matcher.Match(new MatchLead("00Q", "x@gmail.com", "hooli"))!.AccountId);
    }

    [TestMethod]
    public void ACloseNameAloneIsLow()
    {
        var m = MatchOf("x@gmail.com", "Stark Industrys");
        Assert.AreEqual(("001G", MatchConfidence.Low, MatchMethod.CloseName, false), (m.AccountId, m.Confidence, m.Method, m.IsAmbiguous));
        Assert.IsGreaterThanOrEqualTo(0.92, m.Score);
        StringAssert.Contains(m.Explanation, "Jaro-Winkler 0.9");
    }

    [TestMethod]
    public void TheClosestNameWinsAndEqualScoresTie()
    {
        var matcher = new OrphanLeadMatcher([Account("001X", "Northwind Traders", null, 1), Account("001Y", "Northwind Tradings", null, 9)]);
        var m = matcher.Match(new MatchLead("00Q", "x@gmail.com", "Northwind Trader"))!;
        Assert.AreEqual(("001X", MatchConfidence.Low, false), (m.AccountId, m.Confidence, m.IsAmbiguous), "closer name beats more contacts");
        var twins = new OrphanLeadMatcher([Account("001X", "Contoso Ltd", null, 1), Account("001Y", "Contoso GmbH", null, 1)]);
        var t = twins.Match(new MatchLead("00Q", "x@gmail.com", "Contosso"))!;
        Assert.AreEqual(("001X", MatchConfidence.Low, MatchMethod.CloseName, true), (t.AccountId, t.Confidence, t.Method, t.IsAmbiguous));
    }

    [TestMethod]
    public void NothingPointingAtAnAccountIsNoMatch()
    {
        Assert.IsNull(Matcher.Match(new MatchLead("00Q", "x@gmail.com", "Nonexistent Widgets")));
        Assert.IsNull(Matcher.Match(new MatchLead("00Q", null, null)));
        Assert.IsNull(Matcher.Match(new MatchLead("00Q", "x@gmail.com", "N/A")));
        Assert.IsNull(Matcher.Match(new MatchLead("00Q", "not-an-email", "")));
        // A free-mail address never matches on domain, even though Acme's contacts use gmail.com.
        Assert.IsNull(Matcher.Match(new MatchLead("00Q", "x@gmail.com", "")));
    }

    [TestMethod]
    public void MatchAllKeepsInputOrderAndDropsUnmatched()
    {
        var leads = new[]
        {
            new MatchLead("L1", "a@acme.com", "Acme"),
            new MatchLead("L2", "b@gmail.com", "nobody"),
            new MatchLead("L3", "c@gmail.com", "Globex"),
            new MatchLead("L4", "d@initech.com", ""),
        };
        var all = Matcher.MatchAll(leads);
        CollectionAssert.AreEqual(new[] { "L1", "L3", "L4" }, all.Select(m => m.LeadId).ToArray());
        foreach (var m in all)
            Assert.AreEqual(Matcher.Match(leads.Single(l => l.Id == m.LeadId)), m);
        Assert.AreEqual(all.Count, Matcher.MatchAll(leads, maxDegreeOfParallelism: 1).Count);
    }

    [TestMethod]
    public void MatchAllWithinSlotsWidenedWhileItRunsMatchesTheSame()
    {
        // The matching ahead of the match step: one slot while canonicalize runs, a second released mid-way.
        var leads = Enumerable.Range(0, 2000).Select(i => new MatchLead($"L{i}", i % 3 == 0 ? $"x{i}@acme.com" : $"x{i}@gmail.com", i % 2 == 0 ? "Globex" : "Initech")).ToArray();
        using var cores = new SemaphoreSlim(1, 2);
        var matcher = Matcher;
        var widened = Task.Delay(5).ContinueWith(_ => cores.Release());
        var within = matcher.MatchAll(leads, maxDegreeOfParallelism: 2, cores);
        widened.Wait();
        CollectionAssert.AreEqual(matcher.MatchAll(leads).ToArray(), within.ToArray());
        // No lead is matched without a slot: with both held elsewhere, the matching waits until they are released.
        cores.Wait();
        cores.Wait();
        var blocked = Task.Run(() => matcher.MatchAll(leads.Take(50).ToList(), maxDegreeOfParallelism: 2, cores));
        Assert.IsFalse(blocked.Wait(200), "no lead is matched while every slot is held");
        cores.Release(2);
        Assert.AreEqual(matcher.MatchAll(leads.Take(50).ToList()).Count, blocked.Result.Count);
    }

    [TestMethod]
    public void ExplanationsStayOneLineAndShort()
    {
        var m = MatchOf("x@gmail.com", "Globex\r\nCorporation\t");
        Assert.AreEqual("001B", m.AccountId);
        Assert.IsFalse(m.Explanation.Any(char.IsControl), m.Explanation);
        var longName = new OrphanLeadMatcher([Account("001Z", new string('z', 400), null, 1)]);
        var l = longName.Match(new MatchLead("00Q", "x@gmail.com", new string('z', 400)))!;
        Assert.IsLessThanOrEqualTo(500, l.Explanation.Length);
    }

    [TestMethod]
    public void ConfidenceTextRoundTrips()
    {
        foreach (var level in Enum.GetValues<MatchConfidence>())
            Assert.AreEqual(level, MatchConfidenceText.Parse(level.ToDbValue()));
        Assert.ThrowsExactly<BrightFunnel.Warehouse.Orchestrator.BadInputException>(() => MatchConfidenceText.Parse("sure"));
    }
}
