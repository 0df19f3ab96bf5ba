using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Tests.Generation;

/// <summary>
/// The default channel rules of the web step, written out independently of the generator so the
/// generator's truth is checked against the definition rather than against itself: first match
/// wins, evaluated on a session's landing page view; UTM values compared trimmed and lower-cased.
/// </summary>
static partial class DefaultChannelRules
{
    static readonly string[] SocialSources = ["facebook", "linkedin", "twitter", "x", "instagram"];
    static readonly string[] SocialHosts =
        ["facebook.com", "www.facebook.com", "linkedin.com", "www.linkedin.com", "lnkd.in", "t.co", "twitter.com", "x.com", "instagram.com"];

    public static string Classify(WebEvent landing)
    {
        var source = Norm(landing.UtmSource);
        var medium = Norm(landing.UtmMedium);
        var referrer = landing.ReferrerHost?.ToLowerInvariant();
        if (medium is "paid_social" or "paidsocial" || (medium is "cpc" or "ppc" or "paid" && SocialSources.Contains(source))) return "paid_social";
        if (medium is "cpc" or "ppc" or "paid" or "paidsearch" or "paid_search" or "sem") return "paid_search";
        if (medium is "email" or "e-mail" or "newsletter") return "email";
        if (medium is "social" or "social-media" or "organic_social" || SocialSources.Contains(source)) return "social";
        if (referrer is not null && SearchEngine().IsMatch(referrer)) return "organic_search";
        if (referrer is not null && SocialHosts.Contains(referrer)) return "social";
        if (source is not null || (referrer is not null && referrer != landing.Host?.ToLowerInvariant())) return "referral";
        return "direct";
    }

    static string? Norm(string? utm) => utm?.Trim().ToLowerInvariant() is { Length: > 0 } v ? v : null;

    [GeneratedRegex(@"^((www\.)?google\.[a-z]+|bing\.com|www\.bing\.com|duckduckgo\.com|search\.yahoo\.com|baidu\.com|yandex\.[a-z]+)$")]
    private static partial Regex SearchEngine();
}
