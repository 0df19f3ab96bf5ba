namespace BrightFunnel.Warehouse.Events;

/// <summary>What happened in the visitor's browser.</summary>
public enum WebEventType : byte
{
    /// <summary>A page view.</summary>
    Page = 1,
    /// <summary>The visitor said who they are: a form field held an email, or the page called <c>bf.identify(email)</c>.</summary>
    Identify = 2,
}

/// <summary>
/// One event as the collector stores it and the lake holds it (<c>bfw_&lt;tenant&gt;.web_events</c>,
/// one column per property, snake_case). Emails never appear: only <see cref="EmailHash"/>, the
/// SHA-256 of the trimmed, lower-cased address (<see cref="EmailHashing"/>). Timestamps are UTC
/// milliseconds since the Unix epoch; the lake's partition is the UTC day of <see cref="Timestamp"/>.
/// </summary>
public sealed record WebEvent
{
    public required string EventId { get; init; }
    public required string VisitorId { get; init; }
    public required WebEventType Type { get; init; }
    public required long Timestamp { get; init; }
    public string? Url { get; init; }
    public string? Host { get; init; }
    public string? Path { get; init; }
    public string? Title { get; init; }
    public string? Referrer { get; init; }
    public string? ReferrerHost { get; init; }
    public string? UtmSource { get; init; }
    public string? UtmMedium { get; init; }
    public string? UtmCampaign { get; init; }
    public string? UtmTerm { get; init; }
    public string? UtmContent { get; init; }
    public string? EmailHash { get; init; }

    /// <summary>The lake partition of this event: its UTC day as <c>yyyy-MM-dd</c>.</summary>
    public string Day => DateTimeOffset.FromUnixTimeMilliseconds(Timestamp).UtcDateTime.ToString("yyyy-MM-dd");

    /// <summary>
    /// A page view whose host, path and UTM parameters are read from its URL, and whose referrer
    /// host from the referrer. A URL that does not parse keeps only its text.
    /// </summary>
    public static WebEvent PageView(string eventId, string visitorId, long timestamp, string? url, string? referrer, string? title)
    {
        var page = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : null;
        var from = Uri.TryCreate(referrer, UriKind.Absolute, out var r) ? r : null;
        var query = page is null ? null : QueryParameters.Parse(page.Query);
        return new WebEvent
        {
            EventId = eventId, VisitorId = visitorId, Type = WebEventType.Page, Timestamp = timestamp,
            Url = url, Host = page?.Host.ToLowerInvariant(), Path = page?.AbsolutePath, Title = title,
            Referrer = string.IsNullOrEmpty(referrer) ? null : referrer, ReferrerHost = from?.Host.ToLowerInvariant(),
            UtmSource = query?.Get("utm_source"), UtmMedium = query?.Get("utm_medium"), UtmCampaign = query?.Get("utm_campaign"),
            UtmTerm = query?.Get("utm_term"), UtmContent = query?.Get("utm_content"),
        };
    }

    /// <summary>An identify event: only the email's hash is kept.</summary>
    public static WebEvent Identify(string eventId, string visitorId, long timestamp, string emailHash, string? url = null) => new()
    {
        EventId = eventId, VisitorId = visitorId, Type = WebEventType.Identify, Timestamp = timestamp,
        EmailHash = emailHash, Url = url,
        Host = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Host.ToLowerInvariant() : null,
        Path = u?.AbsolutePath,
    };
}
