using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>The published-data cache keeps to its entry and byte bounds, least recently used first out.</summary>
[TestClass]
public sealed class BoundedCacheTests
{
    [TestMethod]
    public void MoreEntriesThanTheBoundEvictTheLeastRecentlyUsed()
    {
        var cache = new BoundedCache(maxEntries: 3, maxBytes: 1 << 20);
        foreach (var key in new[] { "a", "b", "c" }) cache.Add(key, new byte[10]);
        Assert.IsTrue(cache.TryGet("a", out _), "a is used, so b is now the oldest");
        cache.Add("d", new byte[10]);
        Assert.AreEqual(3, cache.Count);
        Assert.IsFalse(cache.TryGet("b", out _));
        foreach (var key in new[] { "a", "c", "d" }) Assert.IsTrue(cache.TryGet(key, out _), key);
    }

    [TestMethod]
    public void MoreBytesThanTheBoundEvictUntilTheyFitAndAnOversizedValueIsNotKept()
    {
        var cache = new BoundedCache(maxEntries: 1000, maxBytes: 10_000);
        for (var i = 0; i < 10; i++) cache.Add($"k{i}", new byte[3_000]);
        Assert.IsLessThanOrEqualTo(10_000L, cache.Bytes);
        Assert.AreEqual(3, cache.Count, "three 3,000-byte values and their overhead fit in 10,000 bytes");
        Assert.IsTrue(cache.TryGet("k9", out _), "the newest stays");
        Assert.IsFalse(cache.TryGet("k0", out _), "the oldest went");

        cache.Add("huge", new byte[20_000]);
        Assert.IsFalse(cache.TryGet("huge", out _), "larger than the whole budget");
        Assert.AreEqual(3, cache.Count, "and nothing was evicted for it");
    }

    [TestMethod]
    public void RowsAreCountedByTheirSerializedSize()
    {
        var cache = new BoundedCache(maxEntries: 1000, maxBytes: 1 << 20);
        cache.Add("rows", Enumerable.Range(0, 100).Select(i => new { Name = new string('x', 100), Value = i }).ToList());
        Assert.IsGreaterThan(20_000L, cache.Bytes, "100 rows of 100-character names");
    }
}
