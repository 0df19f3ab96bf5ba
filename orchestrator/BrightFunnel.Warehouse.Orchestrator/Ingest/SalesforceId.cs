namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>Salesforce record ids: the 18-character case-safe form is what we store.</summary>
public static class SalesforceId
{
    const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>The 18-character id for a 15- or 18-character one; null when the text is not an id.</summary>
    public static string? Normalize(string text)
    {
        if (text.Length is not (15 or 18)) return null;
        foreach (var c in text)
            if (!char.IsAsciiLetterOrDigit(c)) return null;
        return text.Length == 18 ? text : To18(text);
    }

    /// <summary>Appends the checksum suffix: for each 5-character chunk, bit i is set when character i is an upper-case letter.</summary>
    public static string To18(string id15)
    {
        Span<char> id = stackalloc char[18];
        id15.AsSpan().CopyTo(id);
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var bits = 0;
            for (var i = 0; i < 5; i++)
                if (char.IsAsciiLetterUpper(id15[chunk * 5 + i])) bits |= 1 << i;
            id[15 + chunk] = SuffixAlphabet[bits];
        }
        return new string(id);
    }
}
