using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

/// <summary>The web settings of a tenant configuration: defaults, canonical spellings, and refusals naming the rule and field.</summary>
[TestClass]
public sealed class WebSettingsTests
{
    static BadInputException Refused(string json) =>
        Assert.ThrowsExactly<BadInputException>(() => TenantConfig.Parse(json, "config.json"));

    [TestMethod]
    public void DefaultsAreOffWithTheSharedRules()
    {
        var c = new TenantConfig();
        Assert.AreEqual(("off", "default", false), (c.WebTouches, c.WebTouchRule, c.WebTouchesOn));
        CollectionAssert.AreEqual(new[] { "paid_social", "paid_search", "email", "social", "organic_search", "social", "referral", "direct" },
            c.WebChannelRules.Select(r => r.Channel).ToArray());
    }

    [TestMethod]
    public void TheRulesSurviveTheirJsonAndClosedValuesAreCanonical()
    {
        var c = new TenantConfig().With(["web_touches=ON", "web_touch_rule=All_Sessions"], "--set");
        Assert.AreEqual(("on", "all_sessions", true), (c.WebTouches, c.WebTouchRule, c.WebTouchesOn));
        var back = TenantConfig.Parse(c.ToJson(), "roundtrip");
        CollectionAssert.AreEqual(
            c.WebChannelRules.SelectMany(r => r.When.SelectMany(w => w.Rows()).Select(row => $"{r.Channel} {row.Field} {row.Value}")).ToArray(),
            back.WebChannelRules.SelectMany(r => r.When.SelectMany(w => w.Rows()).Select(row => $"{r.Channel} {row.Field} {row.Value}")).ToArray());
        Assert.DoesNotContain("null", c.ToJson(), "absent condition fields are left out");
    }

    [TestMethod]
    public void ATenantsOwnRulesAreTaken()
    {
        var c = new TenantConfig().With(["""web_channel_rules=[{"channel": "partner", "name": "Partners", "when": [{"utm_source": [" Acme "]}]}, {"channel": "direct", "name": "Direct"}]"""], "--set");
        Assert.AreEqual("partner", c.WebChannelRules[0].Channel);
        Assert.AreEqual(("utm_source", "acme"), c.WebChannelRules[0].When[0].Rows().Single());
    }

    [TestMethod]
    public void BadValuesAreRefusedByName()
    {
        StringAssert.Contains(Refused("""{"web_touches": "yes"}""").Message, "web_touches 'yes' must be off or on");
        StringAssert.Contains(Refused("""{"web_touch_rule": "some"}""").Message, "web_touch_rule 'some' must be one of default, all_sessions");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "Paid-Search", "name": "P"}]}""").Message,
            "web_channel_rules[1].channel 'Paid-Search' is not a channel key");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "a_very_long_channel", "name": "P"}]}""").Message,
            "web_channel_rules[1].channel 'a_very_long_channel'");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "paid", "name": "Paid", "when": [{"utm_medium": ["cpc"]}]}]}""").Message,
            "the last rule must have no conditions");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "paid", "name": "Paid", "when": [{}]}, {"channel": "direct", "name": "Direct"}]}""").Message,
            "web_channel_rules[1].when[1] has no condition");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "s", "name": "S", "when": [{"referrer_host": ["<tld>.google"]}]}, {"channel": "direct", "name": "Direct"}]}""").Message,
            "may hold <tld> only as its last label");
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "s", "name": "S", "when": [{"utm_medium": ["a"]}]}, {"channel": "s", "name": "T"}]}""").Message,
            "web_channel_rules[2].name 'T' differs from 'S'");
    }

    [TestMethod]
    public void AnUnknownFieldOfARuleIsNamed() =>
        StringAssert.Contains(Refused("""{"web_channel_rules": [{"channel": "direct", "name": "Direct", "colour": "red"}]}""").Message,
            "unknown field 'web_channel_rules[0].colour'");
}
