using System.Collections;
using System.Text.Json;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// Query results and API responses of published versions, for every tenant, held to at most
/// <c>maxEntries</c> entries and <c>maxBytes</c> bytes by estimate; the least recently used go first.
/// A published version never changes, so nothing here is ever stale, only unused (an older version's
/// entries age out). The bound is what stands between tampered parameters and the process's memory.
/// </summary>
public sealed class BoundedCache(int maxEntries, long maxBytes)
{
    readonly Lock gate = new();
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<object>> building = new(StringComparer.Ordinal);
    readonly Dictionary<string, LinkedListNode<Entry>> index = new(StringComparer.Ordinal);
    readonly LinkedList<Entry> recency = new();
    long bytes;

    sealed record Entry(string Key, object Value, long Bytes);

    public int Count { get { lock (gate) return index.Count; } }
    public long Bytes { get { lock (gate) return bytes; } }

    public bool TryGet(string key, out object? value)
    {
        lock (gate)
        {
            if (index.TryGetValue(key, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                value = node.Value.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>
    /// The build of <paramref name="key"/> already under way, or <paramref name="mine"/> when none is:
    /// requests that miss the same entry at once wait for one build rather than each running it (50
    /// clients opening an L campaign's 27k deals at once would run 50 builds of seconds each).
    /// </summary>
    public Task<object> Join(string key, Task<object> mine) => building.GetOrAdd(key, mine);

    /// <summary>The build of <paramref name="key"/> ended (built, failed or cancelled): the next miss builds again.</summary>
    public void Built(string key, Task<object> mine) => building.TryRemove(new KeyValuePair<string, Task<object>>(key, mine));

    public void Add(string key, object value)
    {
        var size = Estimate(key, value);
        if (size > maxBytes) return; // larger than the whole budget: served, not kept
        lock (gate)
        {
            if (index.Remove(key, out var old))
            {
                recency.Remove(old);
                bytes -= old.Value.Bytes;
            }
            index[key] = recency.AddFirst(new Entry(key, value, size));
            bytes += size;
            while (index.Count > maxEntries || bytes > maxBytes)
            {
                var last = recency.Last!;
                recency.RemoveLast();
                index.Remove(last.Value.Key);
                bytes -= last.Value.Bytes;
            }
        }
    }

    /// <summary>
    /// Bytes an entry holds, roughly: a serialized response its length; rows their JSON length twice
    /// (strings are UTF-16 in memory, objects carry headers); plus the key and the bookkeeping.
    /// </summary>
    static long Estimate(string key, object value)
    {
        const long overhead = 200;
        var own = value switch
        {
            byte[] b => b.LongLength,
            CachedHtml h => h.Utf8.LongLength,
            string s => 2L * s.Length,
            ICollection { Count: 0 } => 0,
            _ => 2L * JsonSerializer.SerializeToUtf8Bytes(value, value.GetType()).LongLength,
        };
        return overhead + 2L * key.Length + own;
    }
}
