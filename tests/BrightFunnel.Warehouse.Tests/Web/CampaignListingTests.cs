using BrightFunnel.Warehouse.Web.Data;
using BrightFunnel.Warehouse.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>The Campaigns page's search, order and paging, and its CSV: quoted as RFC 4180 says, and never a spreadsheet formula.</summary>
[TestClass]
public sealed class CampaignListingTests
{
    static readonly CampaignRow[] Rows =
    [
        new() { CampaignId = "701A", CampaignName = "Spring Webinar", Channel = "Webinar", AttributedAmount = 10, Touches = 0 },
        new() { CampaignId = "701B", CampaignName = "=HYPERLINK(\"http://evil\",\"x\")", Channel = "Ads", AttributedAmount = 30, Touches = 0 },
        new() { CampaignId = "701C", CampaignName = "Ads, \"big\" ones", Channel = "Ads", AttributedAmount = 20, Touches = 0, Roi = 1.006 },
        new() { CampaignId = "", Channel = "(unattributed)", AttributedAmount = 5, Touches = 0 },
    ];

    static CampaignListing Parse(params (string Key, string Value)[] query) =>
        CampaignListing.Parse(new QueryCollection(query.ToDictionary(q => q.Key, q => new StringValues(q.Value))));

    [TestMethod]
    public void ASearchMatchesNameChannelOrIdInAnyCaseAndKeepsTheOrder()
    {
        var listing = Parse(("q", "  WEBINAR "));
        CollectionAssert.AreEqual(new[] { "701A" }, listing.Matching(Rows).Select(r => r.CampaignId).ToArray());
        CollectionAssert.AreEqual(new[] { "701B", "701C" }, Parse(("q", "ads")).Matching(Rows).Select(r => r.CampaignId).ToArray(), "attributed, largest first");
        CollectionAssert.AreEqual(new[] { "701C", "701B" }, Parse(("q", "ads"), ("sort", "attributed"), ("dir", "asc")).Matching(Rows).Select(r => r.CampaignId).ToArray());
    }

    [TestMethod]
    public void AChannelKeepsItsCampaignsOnlyAndTheSearchWithinThem()
    {
        CollectionAssert.AreEqual(new[] { "701B", "701C" }, Parse(("channel", "Ads")).Matching(Rows).Select(r => r.CampaignId).ToArray());
        CollectionAssert.AreEqual(new[] { "701C" }, Parse(("channel", "Ads"), ("q", "BIG")).Matching(Rows).Select(r => r.CampaignId).ToArray());
        Assert.IsEmpty(Parse(("channel", "(unattributed)")).Matching(Rows), "the unattributed row is no channel's campaign");
        Assert.AreEqual("channel", Assert.ThrowsExactly<BadSelectionException>(() => Parse(("channel", new string('x', 256)))).Parameter);
    }

    [TestMethod]
    public void PagesCutTheMatchesAndAPagePastTheEndIsEmpty()
    {
        var second = Parse(("per", "3"), ("page", "2"));
        var matching = second.Matching(Rows);
        CollectionAssert.AreEqual(new[] { "" }, second.OnPage(matching).Select(r => r.CampaignId).ToArray());
        Assert.AreEqual(2, second.Pages(matching.Count));
        Assert.IsEmpty(Parse(("per", "3"), ("page", "9")).OnPage(matching));
    }

    [TestMethod]
    [DataRow("page", "0")]
    [DataRow("page", "x")]
    [DataRow("per", "501")]
    [DataRow("sort", "shoe_size")]
    [DataRow("dir", "up")]
    [DataRow("q", "a\u0007b")]
    public void BadParametersAreNamed(string key, string value)
    {
        var e = Assert.ThrowsExactly<BadSelectionException>(() => Parse((key, value)));
        Assert.AreEqual(key, e.Parameter);
    }

    [TestMethod]
    public void TheCsvQuotesWhatItMustAndNeverStartsAFormula()
    {
        var lines = CampaignListing.Csv(Parse().Matching(Rows)).Split("\r\n");
        Assert.AreEqual("campaignId,name,channel,attributedAmount,attributedOpportunities,influencedAmount,influencedOpportunities,touches,cost,roi", lines[0]);
        Assert.AreEqual("701B,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",Ads,30,0,0,0,0,,", lines[1]);
        Assert.AreEqual("701C,\"Ads, \"\"big\"\" ones\",Ads,20,0,0,0,0,,1.01", lines[2], "ROI to hundredths, as the API rounds it");
        Assert.AreEqual(",(unattributed),(unattributed),5,0,0,0,0,,", lines[4]);
        Assert.AreEqual("", lines[5], "every line ends in CR LF");
    }
}
