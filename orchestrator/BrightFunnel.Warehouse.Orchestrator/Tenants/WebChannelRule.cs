using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Orchestrator.Tenants;

/// <summary>
/// One rule of the tenant's web channel rules (<c>web_channel_rules</c>): a session whose landing
/// page view meets any of <see cref="When"/> gets <see cref="Channel"/>; the first rule that
/// matches wins. A rule with no conditions matches every session: the last rule must be one, so
/// every session has a channel. The channel key names the tenant's web campaign of the channel
/// (<c>WEB_</c> + upper-case key, a CHAR(18) campaign id, hence at most 14 characters).
/// </summary>
public sealed partial record WebChannelRule
{
    /// <summary>The channel key: lower-case letters and <c>_</c>, 1-14 characters (<c>paid_search</c>).</summary>
    public string Channel { get; init; } = "";
    /// <summary>The channel as reports show it (<c>Paid search</c>): cn_campaigns.channel of its web campaign.</summary>
    public string Name { get; init; } = "";
    /// <summary>Alternatives (any one suffices); empty = every session.</summary>
    public IReadOnlyList<WebChannelCondition> When { get; init; } = [];

    /// <summary>The web campaign of a channel: <c>WEB_PAID_SEARCH</c>.</summary>
    public static string CampaignId(string channel) => "WEB_" + channel.ToUpperInvariant();

    /// <summary>The channels a paid-channel session is a web touch for under <c>web_touch_rule = default</c>: keys starting <c>paid_</c>.</summary>
    public static bool IsPaid(string channel) => channel.StartsWith("paid_", StringComparison.Ordinal);

    static readonly string[] SocialSources = ["facebook", "linkedin", "twitter", "x", "instagram"];
    static readonly string[] PaidMediums = ["cpc", "ppc", "paid"];

    /// <summary>The default rules (docs/attribution.md, "Web touches").</summary>
    public static readonly IReadOnlyList<WebChannelRule> Defaults =
    [
        new() { Channel = "paid_social", Name = "Paid social", When = [new() { UtmMedium = ["paid_social", "paidsocial"] }, new() { UtmMedium = PaidMediums, UtmSource = SocialSources }] },
        new() { Channel = "paid_search", Name = "Paid search", When = [new() { UtmMedium = [.. PaidMediums, "paidsearch", "paid_search", "sem"] }] },
        new() { Channel = "email", Name = "Email", When = [new() { UtmMedium = ["email", "e-mail", "newsletter"] }] },
        new() { Channel = "social", Name = "Social", When = [new() { UtmMedium = ["social", "social-media", "organic_social"] }, new() { UtmSource = SocialSources }] },
        new() { Channel = "organic_search", Name = "Organic search", When = [new() { ReferrerHost = ["google.<tld>", "www.google.<tld>", "bing.com", "www.bing.com", "duckduckgo.com", "search.yahoo.com", "baidu.com", "yandex.<tld>"] }] },
        new() { Channel = "social", Name = "Social", When = [new() { ReferrerHost = ["facebook.com", "www.facebook.com", "linkedin.com", "www.linkedin.com", "lnkd.in", "t.co", "twitter.com", "x.com", "instagram.com"] }] },
        new() { Channel = "referral", Name = "Referral", When = [new() { AnyUtmSource = true }, new() { ExternalReferrer = true }] },
        new() { Channel = "direct", Name = "Direct" },
    ];

    /// <summary>Every problem of a rule list, each naming the rule (1-based) and its field.</summary>
    public static IEnumerable<string> Problems(IReadOnlyList<WebChannelRule> rules)
    {
        if (rules.Count == 0) { yield return "web_channel_rules must hold at least one rule"; yield break; }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var at = $"web_channel_rules[{i + 1}]";
            if (!ChannelPattern().IsMatch(r.Channel ?? ""))
                yield return $"{at}.channel '{r.Channel}' is not a channel key (lower-case letters and _, 1-14)";
            if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 74)
                yield return $"{at}.name must be a display name of 1-74 characters";
            else if (r.Channel is not null && names.TryGetValue(r.Channel, out var other) && other != r.Name)
                yield return $"{at}.name '{r.Name}' differs from '{other}', the name channel {r.Channel} has in an earlier rule";
            else if (r.Channel is not null) names.TryAdd(r.Channel, r.Name);
            for (var j = 0; j < (r.When?.Count ?? 0); j++)
                foreach (var p in r.When![j].Problems($"{at}.when[{j + 1}]")) yield return p;
        }
        if (rules[^1].When is { Count: > 0 })
            yield return $"web_channel_rules[{rules.Count}]: the last rule must have no conditions (the catch-all, e.g. direct), so every session gets a channel";
    }

    [GeneratedRegex("^[a-z_]{1,14}$")]
    private static partial Regex ChannelPattern();
}

/// <summary>
/// One alternative of a <see cref="WebChannelRule"/>: every field given must hold. UTM values are
/// compared trimmed and lower-cased; a referrer host may end in <c>.&lt;tld&gt;</c> (any suffix:
/// <c>google.&lt;tld&gt;</c> is google.com, google.co.uk, …).
/// </summary>
public sealed record WebChannelCondition
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UtmMedium { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UtmSource { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ReferrerHost { get; init; }
    /// <summary>true: the landing page carries any utm_source.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AnyUtmSource { get; init; }
    /// <summary>true: the landing page has a referrer whose host is not the page's own.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ExternalReferrer { get; init; }

    /// <summary>The condition as rows of cfg_web_channel_conditions: (field, value), values lower-cased and trimmed.</summary>
    public IEnumerable<(string Field, string Value)> Rows()
    {
        foreach (var v in UtmMedium ?? []) yield return ("utm_medium", Normal(v));
        foreach (var v in UtmSource ?? []) yield return ("utm_source", Normal(v));
        foreach (var v in ReferrerHost ?? []) yield return ("referrer_host", Normal(v));
        if (AnyUtmSource == true) yield return ("any_utm_source", "");
        if (ExternalReferrer == true) yield return ("external_referrer", "");
    }

    static string Normal(string value) => value.Trim().ToLowerInvariant();

    public IEnumerable<string> Problems(string at)
    {
        if (!Rows().Any()) yield return $"{at} has no condition (give utm_medium, utm_source, referrer_host, any_utm_source or external_referrer)";
        foreach (var (field, list) in new[] { ("utm_medium", UtmMedium), ("utm_source", UtmSource), ("referrer_host", ReferrerHost) })
            foreach (var v in list ?? [])
                if (string.IsNullOrWhiteSpace(v) || v.Trim().Length > 120)
                    yield return $"{at}.{field}: '{v}' must be 1-120 characters";
        foreach (var v in ReferrerHost ?? [])
            if (v.Contains('<') && !v.Trim().EndsWith(".<tld>", StringComparison.OrdinalIgnoreCase) || v.Count(c => c == '<') > 1)
                yield return $"{at}.referrer_host: '{v}' may hold <tld> only as its last label (google.<tld>)";
    }
}
