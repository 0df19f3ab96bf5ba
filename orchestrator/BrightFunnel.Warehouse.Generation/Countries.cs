namespace BrightFunnel.Warehouse.Generation;

/// <summary>A billing country: how often it occurs, its web domains, its legal suffixes, its states.</summary>
sealed record Country(string Name, double Weight, (string Tld, double Weight)[] Tlds, string[] LegalSuffixes, string[] States)
{
    public static readonly Country[] All =
    [
        new("United States", 58, [("com", 86), ("io", 5), ("net", 5), ("co", 4)],
            [", Inc.", " Inc.", " Inc", " LLC", " Corporation", " Corp.", " Corp", " Incorporated"],
            ["CA", "NY", "TX", "MA", "WA", "IL", "FL", "GA", "CO", "NC", "PA", "OH", "VA", "NJ", "MN", "OR", "UT", "AZ"]),
        new("United Kingdom", 12, [("co.uk", 65), ("com", 30), ("uk", 5)], [" Ltd", " Limited", " PLC", " Ltd."], []),
        new("Germany", 8, [("de", 75), ("com", 25)], [" GmbH", " AG"], []),
        new("France", 5, [("fr", 70), ("com", 30)], [" SAS", " SA", " S.A."], []),
        new("Canada", 5, [("ca", 60), ("com", 40)], [" Inc.", " Ltd.", " Corp."], ["ON", "QC", "BC", "AB"]),
        new("Australia", 5, [("com.au", 80), ("com", 20)], [" Pty Ltd", " Pty. Ltd.", " Ltd"], ["NSW", "VIC", "QLD", "WA"]),
        new("Netherlands", 3, [("nl", 70), ("com", 30)], [" B.V.", " BV", " N.V."], []),
        new("Japan", 1.5, [("co.jp", 70), ("com", 30)], [" K.K."], []),
        new("India", 1.5, [("co.in", 50), ("in", 20), ("com", 30)], [" Ltd", " Limited"], []),
        new("Brazil", 1, [("com.br", 80), ("com", 20)], [" Ltda", " S.A."], []),
    ];

    static readonly double[] Weights = All.Select(c => c.Weight).ToArray();

    public static Country Pick(ref Rng rng) => All[rng.PickWeighted(Weights)];

    public string PickTld(ref Rng rng)
    {
        Span<double> weights = stackalloc double[Tlds.Length];
        for (var i = 0; i < Tlds.Length; i++) weights[i] = Tlds[i].Weight;
        return Tlds[rng.PickWeighted(weights)].Tld;
    }
}
