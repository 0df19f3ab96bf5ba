namespace BrightFunnel.Warehouse.Collect.Status;

/// <summary>Why a request was refused, as counted and as <c>/status</c> names it.</summary>
public enum Refusal { Key, Origin, Size, Json, Rate, Full }

/// <summary>What the collector has taken since it started: events received and stored, requests refused by reason.</summary>
public sealed class CollectorCounters
{
    long received, stored, batches;
    readonly long[] refused = new long[Enum.GetValues<Refusal>().Length];

    /// <summary>Events in well-formed batches from known sites (stored or not).</summary>
    public long Received => Interlocked.Read(ref received);
    /// <summary>Events on disk and acknowledged (202).</summary>
    public long Stored => Interlocked.Read(ref stored);
    /// <summary>Batches acknowledged.</summary>
    public long Batches => Interlocked.Read(ref batches);
    public long Refused(Refusal why) => Interlocked.Read(ref refused[(int)why]);

    public void AddReceived(int events) => Interlocked.Add(ref received, events);
    public void AddStored(int events)
    {
        Interlocked.Add(ref stored, events);
        Interlocked.Increment(ref batches);
    }
    public void Refuse(Refusal why) => Interlocked.Increment(ref refused[(int)why]);

    public IReadOnlyDictionary<string, long> RefusedByReason() =>
        Enum.GetValues<Refusal>().ToDictionary(r => r.ToString().ToLowerInvariant(), Refused);

    /// <summary>One line for the log: counts only, no address of any client.</summary>
    public string Describe() =>
        $"received {Received} events, stored {Stored} in {Batches} batches, refused requests: " +
        string.Join(", ", RefusedByReason().Select(kv => $"{kv.Key} {kv.Value}"));
}
