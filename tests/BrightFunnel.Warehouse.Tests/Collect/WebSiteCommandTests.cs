using System.Text.Json;
using BrightFunnel.Warehouse.Console;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary><c>bfw web site add|list|remove</c>: keys per tenant, origins normalized, an add repeated is the same key, bad input named.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebSiteCommandTests
{
    [TestMethod]
    public async Task SitesAreAddedListedAndRemovedPerTenant()
    {
        await using var world = new CollectorWorld();
        var (tenant, existing) = world.AddSite();
        (int Code, string Out, string Err) Bfw(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            return (new BfwConsole(world.Settings, output, error).Run(args), output.ToString(), error.ToString());
        }

        var added = Bfw("web", "site", "add", tenant, "--origin", "https://Shop.Acme.example/", "--origin", "http://127.0.0.1:5070", "--json");
        Assert.AreEqual(0, added.Code, added.Err);
        var site = JsonDocument.Parse(added.Out).RootElement;
        var key = site.GetProperty("siteKey").GetString()!;
        CollectionAssert.AreEqual(new[] { "http://127.0.0.1:5070", "https://shop.acme.example" }, site.GetProperty("origins").EnumerateArray().Select(o => o.GetString()).ToList());
        var again = Bfw("web", "site", "add", tenant, "--origin", "http://127.0.0.1:5070", "--origin", "https://shop.acme.example");
        StringAssert.Contains(again.Out, $"already has site key {key}");

        var list = JsonDocument.Parse(Bfw("web", "site", "list", tenant, "--json").Out).RootElement.EnumerateArray().Select(s => s.GetProperty("siteKey").GetString()).ToList();
        CollectionAssert.AreEquivalent(new[] { existing, key }, list);

        var badOrigin = Bfw("web", "site", "add", tenant, "--origin", "https://acme.example/shop");
        Assert.AreEqual(BfwConsole.BadUsage, badOrigin.Code);
        StringAssert.Contains(badOrigin.Err, "without a path");
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "site", "add", "nosuchtenant", "--origin", "https://a.example").Code);
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "site", "remove", tenant, "nosuchkey", "--yes").Code);

        var removed = Bfw("web", "site", "remove", tenant, key, "--yes");
        Assert.AreEqual(0, removed.Code, removed.Err);
        CollectionAssert.AreEqual(new[] { existing }, JsonDocument.Parse(Bfw("web", "site", "list", tenant, "--json").Out).RootElement.EnumerateArray().Select(s => s.GetProperty("siteKey").GetString()).ToList());
    }
}
