using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class CloseNameIndexTests
{
    [TestMethod]
    public void FindsCloseNamesAndOnlyThose()
    {
        var index = new CloseNameIndex(["acme", "acme widgets", "globex", "acme widget", "initech"], 0.92);
        var found = index.Find("acme widgetz").Select(c => index.Names[c.Entry]).ToArray();
        CollectionAssert.AreEquivalent(new[] { "acme widgets", "acme widget" }, found);
        Assert.IsEmpty(index.Find("umbrella"));
        Assert.IsEmpty(index.Find(""));
        Assert.AreEqual(1.0, index.Find("globex").Single().Score);
    }

    /// <summary>The index must find exactly what comparing with every name finds.</summary>
    [TestMethod]
    [DataRow(0.92, 1)]
    [DataRow(0.92, 2)]
    [DataRow(0.85, 3)]
    [DataRow(0.75, 4)]
    public void AgreesWithAFullScan(double threshold, int seed)
    {
        var random = new Random(seed);
        var names = Enumerable.Range(0, 1500).Select(_ => RandomName(random)).Distinct().ToArray();
        var index = new CloseNameIndex(names, threshold);
        var queries = names.Take(150).Select(n => Mutate(n, random))
            .Concat(Enumerable.Range(0, 150).Select(_ => RandomName(random))).ToArray();
        var found = 0;
        foreach (var query in queries)
        {
            var expected = names.Select((n, i) => new CloseName(i, JaroWinkler.Similarity(query, n)))
                .Where(c => c.Score >= threshold).ToArray();
            var actual = index.Find(query).ToArray();
            CollectionAssert.AreEqual(expected, actual, $"query '{query}'");
            found += actual.Length;
        }
        Assert.IsGreaterThan(100, found, "the random names must actually produce close pairs");
    }

    // Short alphabets and shared words make many near pairs: the hard case for a filter.
    static readonly string[] Words = ["acme", "apex", "atlas", "alpha", "north", "nord", "tech", "tek", "data", "delta", "global", "globe", "sys", "systems", "lab", "labs", "one"];

    static string RandomName(Random random)
    {
        var words = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[random.Next(Words.Length)]);
        var name = string.Join(' ', words);
        return random.Next(3) == 0 ? Mutate(name, random) : name;
    }

    static string Mutate(string name, Random random)
    {
        var chars = name.ToList();
        var position = random.Next(chars.Count);
        switch (random.Next(4))
        {
            case 0: chars.RemoveAt(position); break;
            case 1: chars.Insert(position, (char)('a' + random.Next(26))); break;
            case 2: chars[position] = (char)('a' + random.Next(26)); break;
            default:
                if (position + 1 < chars.Count) (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
                break;
        }
        return chars.Count == 0 ? "x" : new string(chars.ToArray());
    }
}
