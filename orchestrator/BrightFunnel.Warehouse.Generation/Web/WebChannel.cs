namespace BrightFunnel.Warehouse.Generation;

/// <summary>The default channels, with the keys the web step writes (paid_search, organic_search, …).</summary>
public enum WebChannel : byte { PaidSearch, OrganicSearch, PaidSocial, Social, Email, Referral, Direct }

public static class WebChannels
{
    public static string Key(this WebChannel channel) => channel switch
    {
        WebChannel.PaidSearch => "paid_search",
        WebChannel.OrganicSearch => "organic_search",
        WebChannel.PaidSocial => "paid_social",
        WebChannel.Social => "social",
        WebChannel.Email => "email",
        WebChannel.Referral => "referral",
        _ => "direct",
    };

    /// <summary>The tenant's web campaign of a channel, which a session gets when its utm_campaign names no Salesforce campaign.</summary>
    public static string WebCampaignId(this WebChannel channel) => "WEB_" + channel.Key().ToUpperInvariant();
}

/// <summary>
/// How a session arrives: the UTM source and medium of its landing URL (null without UTM) and its
/// referrer. Each channel is produced by the conventions of docs/generator.md, which the default
/// channel rules classify back to that channel: mostly the plain conventions (cpc + google,
/// paid_social + linkedin, email + newsletter, a Google referrer, …) and some variants the rules
/// must also get right (cpc + facebook is paid social, not paid search; an upper-case medium).
/// </summary>
readonly record struct Arrival(WebChannel Channel, string? UtmSource, string? UtmMedium, string? Referrer)
{
    public bool HasUtm => UtmSource is not null;

    static readonly string[] SearchEngines = ["https://www.google.com/", "https://www.google.com/", "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "https://www.google.de/"];
    static readonly string[] SocialSites = ["https://www.linkedin.com/", "https://www.linkedin.com/", "https://t.co/", "https://www.facebook.com/", "https://lnkd.in/"];
    static readonly string[] PartnerSites = ["https://g2.com/", "https://www.capterra.com/", "https://www.trustradius.com/", "https://martech.org/", "https://www.forrester.com/"];

    /// <summary>Sessions by channel: what a B2B site sees, direct and organic search first.</summary>
    static readonly double[] Mix = [12, 24, 6, 8, 10, 9, 31];
    /// <summary>The channels a UTM-tagged link brings: the ones a deliberate split within 30 minutes comes from.</summary>
    static readonly WebChannel[] Tagged = [WebChannel.PaidSearch, WebChannel.PaidSocial, WebChannel.Email];

    public static WebChannel PickChannel(ref Rng rng) => (WebChannel)rng.PickWeighted(Mix);

    public static WebChannel PickTaggedChannel(ref Rng rng) => rng.Pick(Tagged);

    public static Arrival Of(WebChannel channel, ref Rng rng)
    {
        var variant = rng.Chance(0.2);
        return channel switch
        {
            WebChannel.PaidSearch => variant ? new(channel, "bing", "ppc", "https://www.bing.com/") : new(channel, "google", "cpc", "https://www.google.com/"),
            WebChannel.PaidSocial => variant ? new(channel, "facebook", "cpc", "https://www.facebook.com/") : new(channel, "linkedin", "paid_social", "https://www.linkedin.com/"),
            WebChannel.Email => new(channel, "newsletter", variant ? "Email" : "email", null),
            // Organic posts are sometimes tagged too: utm_medium=social wins over any referrer.
            WebChannel.Social => variant ? new(channel, "linkedin", "social", "https://www.linkedin.com/") : new(channel, null, null, rng.Pick(SocialSites)),
            WebChannel.OrganicSearch => new(channel, null, null, rng.Pick(SearchEngines)),
            // A partner's tagged link is a referral by its utm_source alone.
            WebChannel.Referral => variant ? new(channel, "g2", "referral", null) : new(channel, null, null, rng.Pick(PartnerSites)),
            _ => new(channel, null, null, null),
        };
    }

    /// <summary>Where a session of this channel lands.</summary>
    public WebPage Landing(WebSite site, ref Rng rng) => Channel switch
    {
        WebChannel.PaidSearch or WebChannel.PaidSocial => site.Of(rng.Chance(0.6) ? PageKind.Landing : rng.Chance(0.5) ? PageKind.Pricing : PageKind.Form, ref rng),
        WebChannel.Email => site.Of(rng.Chance(0.6) ? PageKind.Resource : PageKind.Blog, ref rng),
        WebChannel.OrganicSearch => site.Of(rng.Chance(0.6) ? PageKind.Blog : rng.Chance(0.5) ? PageKind.Home : PageKind.Product, ref rng),
        WebChannel.Social => site.Of(rng.Chance(0.6) ? PageKind.Blog : PageKind.Customers, ref rng),
        WebChannel.Referral => site.Of(rng.Chance(0.5) ? PageKind.Home : PageKind.Product, ref rng),
        _ => site.Of(rng.Chance(0.6) ? PageKind.Home : rng.Chance(0.5) ? PageKind.Pricing : PageKind.Product, ref rng),
    };
}
