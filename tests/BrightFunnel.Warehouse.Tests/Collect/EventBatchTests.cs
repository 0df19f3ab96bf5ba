using System.Text;
using BrightFunnel.Warehouse.Collect.Intake;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>The batch body as the collector reads it: events made, emails hashed, every broken rule named (never its value).</summary>
[TestClass]
public sealed class EventBatchTests
{
    static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    static long Ms => Now.ToUnixTimeMilliseconds();

    static IReadOnlyList<WebEvent> Parse(string json) => EventBatch.Parse(Encoding.UTF8.GetBytes(json), Now);

    static string Refusal(string json)
    {
        try { Parse(json); }
        catch (BadBatchException e) { return e.Message; }
        Assert.Fail($"accepted: {json}");
        return "";
    }

    [TestMethod]
    public void ABrowsersClockIsMovedOntoTheCollectorsBySent()
    {
        // The browser's clock is an hour behind: its events happened 2 s and 1 s before it sent.
        var behind = Ms - 3_600_000;
        var events = Parse($$"""{"sent": {{behind}}, "events": [{"id":"a","visitor":"v","type":"page","ts":{{behind - 2000}}},{"id":"b","visitor":"v","type":"page","ts":{{behind - 1000}}}]}""");
        CollectionAssert.AreEqual(new[] { Ms - 2000, Ms - 1000 }, events.Select(e => e.Timestamp).ToList());
    }

    [TestMethod]
    public void AnIdentifysEmailIsHashedOnArrival()
    {
        var e = Parse($$"""{"events": [{"id":"a","visitor":"v","type":"identify","ts":{{Ms}},"email":" Jane@Acme.COM "}]}""").Single();
        Assert.AreEqual(EmailHashing.Hash("jane@acme.com"), e.EmailHash);
        Assert.AreEqual(WebEventType.Identify, e.Type);
    }

    [TestMethod]
    public void AnAddressInAUrlOrTitleIsReplaced()
    {
        var e = Parse($$"""{"events": [{"id":"a","visitor":"v","type":"page","ts":{{Ms}},"url":"https://a.example/t?e=jane%40acme.com&x=1","title":"Hi jane@acme.com","referrer":"https://a.example/?m=jane@acme.com"}]}""").Single();
        Assert.AreEqual("https://a.example/t?e=(email)&x=1", e.Url);
        Assert.AreEqual("Hi (email)", e.Title);
        Assert.AreEqual("https://a.example/?m=(email)", e.Referrer);
    }

    [TestMethod]
    [DataRow("[1,2]", "must be an object")]
    [DataRow("{\"events\": []}", "\"events\" is empty")]
    [DataRow("{\"events\": {}}", "no \"events\" array")]
    [DataRow("{\"events\": [{\"visitor\":\"v\",\"type\":\"page\",\"ts\":NOW}]}", "event 0: \"id\" is missing")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"page\",\"ts\":\"x\"}]}", "event 0: \"ts\" must be epoch milliseconds")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"page\",\"ts\":1}]}", "event 0: \"ts\" is more than 30 days before")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"page\",\"ts\":NOW},{\"id\":\"b\",\"visitor\":7,\"type\":\"page\",\"ts\":NOW}]}", "event 1: \"visitor\" must be a string")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"identify\",\"ts\":NOW}]}", "event 0: \"email\" is missing")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"identify\",\"ts\":NOW,\"emailHash\":\"abc\"}]}", "event 0: \"emailHash\" must be 64 hex")]
    [DataRow("{\"events\": [{\"id\":\"a\",\"visitor\":\"v\",\"type\":\"identify\",\"ts\":NOW,\"email\":\"jane at acme.com\"}]}", "event 0: \"email\" is not an email address")]
    [DataRow("{\"events\": [", "not JSON")]
    public void ABrokenRuleIsNamed(string json, string expected)
    {
        var message = Refusal(json.Replace("NOW", Ms.ToString()));
        StringAssert.Contains(message, expected);
        Assert.IsFalse(message.Contains("jane", StringComparison.OrdinalIgnoreCase), "the value is never echoed");
    }

    [TestMethod]
    [DataRow("https://Acme.com/", "https://acme.com")]
    [DataRow("http://127.0.0.1:5070", "http://127.0.0.1:5070")]
    [DataRow("https://acme.com:443", "https://acme.com")]
    public void AnOriginIsNormalizedAsBrowsersSendIt(string typed, string expected) => Assert.AreEqual(expected, SiteOrigin.Normalize(typed));

    [TestMethod]
    [DataRow("acme.com")]
    [DataRow("ftp://acme.com")]
    [DataRow("https://acme.com/shop")]
    public void AnOriginWithAPathOrAnotherSchemeIsRefused(string typed) =>
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SiteOrigin.Normalize(typed)).Message, typed);
}
