using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

[TestClass]
public sealed class SalesforceIdTests
{
    // Published 15 → 18 conversions of real Salesforce ids, plus the edge cases of the suffix alphabet.
    [TestMethod]
    [DataRow("a0RE000000IJmcN", "a0RE000000IJmcNMAT")]
    [DataRow("a01M00000062mPg", "a01M00000062mPgIAI")]
    [DataRow("001M000000qfPyS", "001M000000qfPySIAU")]
    [DataRow("a0FE000000D6r3F", "a0FE000000D6r3FMAR")]
    [DataRow("0F9E000000092w2", "0F9E000000092w2KAA")]
    [DataRow("70130000001tcyI", "70130000001tcyIAAQ")]
    [DataRow("00558000001N0Ke", "00558000001N0KeAAK")]
    [DataRow("001550V000WOQZi", "001550V000WOQZiACP")]
    [DataRow("a0D30000001n7Pi", "a0D30000001n7PiEAI")]
    [DataRow("aaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaAAA")]
    [DataRow("AbCdEfGhIjKlMnO", "AbCdEfGhIjKlMnOVKV")]
    [DataRow("aBcDEfgHIJKLMNO", "aBcDEfgHIJKLMNO025")]
    [DataRow("ZZZZZZZZZZZZZZZ", "ZZZZZZZZZZZZZZZ555")]
    public void ConvertsFifteenToEighteen(string id15, string id18)
    {
        Assert.AreEqual(id18, SalesforceId.To18(id15));
        Assert.AreEqual(id18[15..], SalesforceId.Suffix(id15));
        Assert.IsTrue(SalesforceId.IsValid(id15));
        Assert.IsTrue(SalesforceId.IsValid(id18));
        Assert.AreEqual(id15, SalesforceId.To15(id18));
        Span<char> buffer = stackalloc char[18];
        Assert.IsTrue(SalesforceId.TryTo18(id15.AsSpan(), buffer));
        Assert.AreEqual(id18, new string(buffer));
    }

    [TestMethod]
    public void AnEighteenCharacterIdIsCheckedAndKept()
    {
        Assert.AreEqual("001M000000qfPySIAU", SalesforceId.To18("001M000000qfPySIAU"));
        // The suffix is case-safe by design: a lower-cased suffix is accepted and written canonically.
        Assert.AreEqual("001M000000qfPySIAU", SalesforceId.To18("001M000000qfPySiau"));
        Assert.IsTrue(SalesforceId.TryTo18("001M000000qfPySIAU", out var same));
        Assert.AreEqual("001M000000qfPySIAU", same);
    }

    [TestMethod]
    [DataRow("001M000000qfPySIAV", "should be 'IAU'")]   // wrong suffix
    [DataRow("001m000000QFpYsIAU", "should be")]         // case of the 15 changed: suffix no longer matches
    [DataRow("001M000000qfPy", "14 characters")]
    [DataRow("001M000000qfPySIA", "17 characters")]
    [DataRow("001M000000qfPy-", "only letters and digits")]
    [DataRow("", "0 characters")]
    public void RefusesWhatIsNotAnId(string id, string message)
    {
        Assert.IsFalse(SalesforceId.IsValid(id));
        Assert.IsFalse(SalesforceId.TryTo18(id, out var none));
        Assert.IsNull(none);
        var e = Assert.ThrowsExactly<FormatException>(() => SalesforceId.To18(id));
        StringAssert.Contains(e.Message, message);
    }

    [TestMethod]
    public void NullIsNotAnId()
    {
        Assert.IsFalse(SalesforceId.TryTo18(null, out _));
        Assert.ThrowsExactly<FormatException>(() => SalesforceId.To18(null!));
    }
}
