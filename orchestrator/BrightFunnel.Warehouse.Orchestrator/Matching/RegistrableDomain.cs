using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// The registrable domain of an email, a website or a host: the public suffix plus one label
/// (mail.acme.co.uk → acme.co.uk, http://www.acme.com:8080/about → acme.com), the suffix as the
/// full <see cref="PublicSuffixList"/> says. Anything that is not a plausible internet host gives
/// null rather than a guess.
/// </summary>
public static class RegistrableDomain
{
    const int MaxLabelLength = 63;
    const int MaxHostLength = 253;

    static readonly IdnMapping Idn = new();

    /// <summary>The domain of <c>local@host</c>; null for anything that is not one address.</summary>
    public static string? FromEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var text = email.Trim();
        // "Bob <bob@acme.com>" is how some exports write an address: take the bracketed part.
        var open = text.IndexOf('<');
        if (open >= 0)
        {
            var close = text.IndexOf('>', open + 1);
            if (close < 0) return null;
            text = text[(open + 1)..close].Trim();
        }
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1) return null;
        if (text.AsSpan(0, at).ContainsAny(" \t,;<>")) return null;
        var host = text[(at + 1)..];
        // A host literal ([1.2.3.4]) or anything URL-like is not a company's mail domain.
        if (host.AsSpan().ContainsAny("[]/:?#@ \t")) return null;
        return FromHost(host);
    }

    /// <summary>The domain of a Website field: a URL, a bare host, with or without path and port.</summary>
    public static string? FromWebsite(string? website)
    {
        if (string.IsNullOrWhiteSpace(website)) return null;
        var text = website.Trim();
        // Several sites in one field ("acme.com, acme.de"): the first one is the account's.
        var separator = text.IndexOfAny([' ', ',', ';', '\t', '|']);
        if (separator > 0) text = text[..separator];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        else if (text.StartsWith("//", StringComparison.Ordinal)) text = text[2..];
        var end = text.IndexOfAny(['/', '?', '#', '\\']);
        if (end >= 0) text = text[..end];
        var userInfo = text.LastIndexOf('@');
        if (userInfo >= 0) text = text[(userInfo + 1)..];
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            var port = text.AsSpan(colon + 1);
            if (port.Length == 0 || !IsAllDigits(port)) return null;   // IPv6 or junk
            text = text[..colon];
        }
        return FromHost(text);
    }

    /// <summary>The registrable domain of a host name; null when the host is not valid.</summary>
    public static string? FromHost(string? host)
    {
        var labels = CanonicalLabels(host);
        if (labels is null) return null;
        var suffix = PublicSuffixList.Embedded.SuffixLabels(string.Join('.', labels));
        // A registrable domain is the suffix and one label in front of it: "co.uk" alone has none.
        return suffix < labels.Length ? string.Join('.', labels[^(suffix + 1)..]) : null;
    }

    /// <summary>Lower case, trailing dot dropped, IDN as punycode, every label checked.</summary>
    static string[]? CanonicalLabels(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return null;
        var text = host.Trim().TrimEnd('.').ToLowerInvariant();
        if (text.Length == 0) return null;
        if (!Ascii.IsValid(text))
        {
            try { text = Idn.GetAscii(text); }
            catch (ArgumentException) { return null; }
        }
        if (text.Length > MaxHostLength) return null;
        var labels = text.Split('.');
        if (labels.Length < 2 || !labels.All(IsValidLabel)) return null;
        // A top-level domain is letters (or punycode): this refuses IPv4 addresses and "acme.123".
        var tld = labels[^1];
        if (!tld.StartsWith("xn--", StringComparison.Ordinal) && !tld.All(char.IsAsciiLetter)) return null;
        return labels;
    }

    static bool IsValidLabel(string label) =>
        label.Length is > 0 and <= MaxLabelLength
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
