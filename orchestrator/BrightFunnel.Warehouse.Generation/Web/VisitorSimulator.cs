using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// Plays one visitor's history into events and truth. Sessions follow the shared definition by
/// construction: within a session page views are 10 s – 8 min apart; sessions are 2 h – weeks
/// apart, except a deliberate split, where a link with other UTM parameters arrives 1–20 min after
/// the last event (a new session under the UTM rule). A UTM session sometimes reloads its own
/// landing URL: the same UTM triple, so no new session. A visitor's timestamps strictly increase,
/// so the order (event_ts, event_id) is the order written. Identify events come 2–4 s after a page
/// view and never start a session. One instance per chunk (it keeps per-visitor state).
/// </summary>
sealed class VisitorSimulator(TenantPlan plan, WebSite site, WebIdentities people, WebCampaigns campaigns, ulong visitorSalt)
{
    const long Second = 1_000, Minute = 60 * Second, Hour = 60 * Minute, Day = 24 * Hour;

    static readonly string[] SearchTerms = ["marketing attribution", "b2b attribution software", "multi touch attribution", "pipeline analytics", "abm platform"];
    static readonly string[] AdContents = ["carousel-a", "single-image-b", "video-15s", "lead-gen-form"];

    readonly long lastSessionStart = EpochMs(plan.Time.EndTicks) - 4 * Hour;

    // The visitor being played.
    string visitorId = "";
    int seq;
    long now;
    string? previousUrl;
    // Its current session.
    WebChannel channel;
    UtmCampaign campaign;
    (string? Source, string? Medium, string? Campaign) triple;
    long sessionStart;
    int pageViews;
    /// <summary>The current session's landing page view when it carried UTM parameters.</summary>
    WebEvent? landing;
    WebEvent? lastEvent;

    public static long EpochMs(long ticks) => (ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    /// <summary>A cookie-like id, unique per visitor: the mix is a bijection of the index.</summary>
    public static string VisitorId(ulong salt, long v) => Rng.Mix(salt + (ulong)v).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    public void Simulate(long v, VisitorPlan visitor, SegmentSink events, WebTruthWriter truth)
    {
        var r = Rng.For(plan.Seed, RngStream.WebVisitors, v);
        visitorId = VisitorId(visitorSalt, v);
        seq = 0;
        previousUrl = null;
        pageViews = 0;
        var sessions = visitor.Kind switch
        {
            VisitorKind.Anonymous => r.Chance(0.55) ? 1 : 2 + r.Poisson(1.5),
            VisitorKind.Person => 2 + r.Poisson(visitor.BuyingIntent ? 4 : 2.5),
            _ => 1 + r.Poisson(1.5),
        };
        // Identify in one of the first sessions, so most people have anonymous sessions before it.
        var identifyIn = visitor.Kind == VisitorKind.Anonymous ? -1 : r.Next(Math.Min(sessions, 4));
        var again = visitor.Kind == VisitorKind.Person && r.Chance(0.15) ? identifyIn + 1 + r.Next(3) : -1;
        string? email = null, record = null, decoy = null, otherPerson = null;
        if (visitor.Kind == VisitorKind.Person)
        {
            email = EmailHashing.Hash(people.Email(visitor.Person)!);
            record = people.RecordId(visitor.Person);
            // A personal address typed first (unknown to the CRM), then the work one: the earliest *matching* identify counts.
            if (r.Chance(0.05)) decoy = EmailHashing.Hash(people.UnknownEmail(ref r));
            // Later, a colleague on the same browser: the earliest matching identify still decides.
            if (r.Chance(0.02)) otherPerson = OtherPerson(visitor.Person, ref r);
        }
        else if (visitor.Kind == VisitorKind.UnknownEmail) email = EmailHashing.Hash(people.UnknownEmail(ref r));
        var identified = false;

        now = EpochMs(plan.Time.TimeOn(visitor.FirstDay, ref r)) + r.Next(1000);
        for (var s = 0; s < sessions; s++)
        {
            Arrival arrival;
            var split = s > 0 && r.Chance(0.06);
            if (s == 0) arrival = Arrival.Of(Arrival.PickChannel(ref r), ref r);
            else if (split)
            {
                now += r.Between(1, 20) * Minute + r.Next(60_000);
                arrival = Arrival.Of(Arrival.PickTaggedChannel(ref r), ref r);
            }
            else
            {
                now += r.Chance(0.25) ? r.Between(2, 10) * Hour + r.Next((int)Hour) : (long)((1 + r.Exponential() * 6) * Day);
                arrival = Arrival.Of(Arrival.PickChannel(ref r), ref r);
            }
            if (now > lastSessionStart) break;
            var pages = 1 + Math.Min(r.Poisson(2.3), 11);
            var formAt = s == identifyIn || s == again ? r.Next(pages) : -1;
            Land(arrival, split, events, truth, ref r);
            for (var p = 0; p < pages; p++)
            {
                if (p > 0) Browse(p == formAt, visitor.BuyingIntent, events, ref r);
                if (p != formAt) continue;
                if (s == identifyIn && decoy is not null) { Identify(decoy, events, ref r); Browse(true, false, events, ref r); }
                Identify(email!, events, ref r);
                identified = true;
                if (s == again && otherPerson is not null) { Browse(true, false, events, ref r); Identify(otherPerson, events, ref r); }
            }
        }
        EndSession(truth);
        // Near R the visit may end before the session meant for the identify: then it stays anonymous.
        truth.Visitor(visitorId, identified ? record : null);
    }

    /// <summary>A session's first page view: its channel's landing page, with UTM parameters when the channel tags its links.</summary>
    void Land(Arrival arrival, bool split, SegmentSink events, WebTruthWriter truth, ref Rng r)
    {
        var page = arrival.Landing(site, ref r);
        var tagged = arrival.HasUtm ? NewCampaign(arrival, split, ref r) : default;
        EndSession(truth);
        channel = arrival.Channel;
        campaign = tagged;
        triple = arrival.HasUtm ? (arrival.UtmSource, arrival.UtmMedium, tagged.Value) : default;
        sessionStart = now;
        string? term = arrival.Channel == WebChannel.PaidSearch && arrival.HasUtm ? r.Pick(SearchTerms) : null;
        string? content = arrival.Channel == WebChannel.PaidSocial ? r.Pick(AdContents) : null;
        var url = arrival.HasUtm ? page.Url + Query(arrival, tagged.Value, term, content) : page.Url;
        Page(page, url, arrival.Referrer, arrival.Referrer is null ? null : HostOf(arrival.Referrer), arrival, tagged.Value, term, content, events);
        landing = arrival.HasUtm ? lastEvent : null;
    }

    /// <summary>
    /// A tagged link's campaign. A split (a tagged link within 30 minutes) must differ from the
    /// current session's UTM triple, compared as the rules compare (lower case), or it would not split.
    /// </summary>
    UtmCampaign NewCampaign(Arrival arrival, bool split, ref Rng r)
    {
        var day = plan.Time.DayOf(DateTime.UnixEpoch.Ticks + now * TimeSpan.TicksPerMillisecond);
        for (var attempt = 0; ; attempt++)
        {
            var c = campaigns.Pick(day, ref r);
            if (!split || !SameTriple(triple, (arrival.UtmSource, arrival.UtmMedium, c.Value))) return c;
            if (attempt > 20) return new($"split-{seq}", null);
        }
    }

    static bool SameTriple((string? S, string? M, string? C) a, (string? S, string? M, string? C) b) =>
        string.Equals(a.S?.Trim(), b.S?.Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.M?.Trim(), b.M?.Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.C?.Trim(), b.C?.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A later page view in the session, its referrer the previous page; sometimes the landing link again (same UTM).</summary>
    void Browse(bool form, bool buyingIntent, SegmentSink events, ref Rng r)
    {
        now += r.Between(10, 480) * Second + r.Next(1000);
        if (!form && landing is not null && r.Chance(0.04))
        {
            // The tagged link clicked again: the same UTM triple inside the session starts no new one.
            Append(landing with { EventId = NextEventId(), Timestamp = now, Referrer = previousUrl, ReferrerHost = site.Host }, events);
            return;
        }
        var page = form ? r.Pick(site.FormPages) : site.Next(ref r, buyingIntent);
        Page(page, page.Url, previousUrl, site.Host, default, null, null, null, events);
    }

    void Page(WebPage page, string url, string? referrer, string? referrerHost, Arrival arrival, string? utmCampaign, string? term, string? content, SegmentSink events)
    {
        Append(new WebEvent
        {
            EventId = NextEventId(), VisitorId = visitorId, Type = WebEventType.Page, Timestamp = now,
            Url = url, Host = site.Host, Path = page.Path, Title = page.Title, Referrer = referrer, ReferrerHost = referrerHost,
            UtmSource = arrival.UtmSource, UtmMedium = arrival.UtmMedium, UtmCampaign = utmCampaign, UtmTerm = term, UtmContent = content,
        }, events);
    }

    void Append(WebEvent page, SegmentSink events)
    {
        events.Append(page);
        lastEvent = page;
        previousUrl = page.Url;
        pageViews++;
    }

    void Identify(string emailHash, SegmentSink events, ref Rng r)
    {
        now += r.Between(2, 4) * Second;
        events.Append(WebEvent.Identify(NextEventId(), visitorId, now, emailHash, previousUrl));
    }

    void EndSession(WebTruthWriter truth)
    {
        if (pageViews > 0) truth.Session(visitorId, sessionStart, channel, campaign, pageViews);
        pageViews = 0;
    }

    string? OtherPerson(int self, ref Rng r)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var p = r.Next(people.People);
            if (p != self && people.CanIdentify[p]) return EmailHashing.Hash(people.Email(p)!);
        }
        return null;
    }

    /// <summary>The visitor's id, '-', and 4 hex digits of its event number (a visitor has far fewer than 65,536 events).</summary>
    string NextEventId()
    {
        var n = seq++;
        return string.Create(visitorId.Length + 5, (visitorId, n), static (span, state) =>
        {
            state.visitorId.CopyTo(span);
            span[state.visitorId.Length] = '-';
            for (var i = 0; i < 4; i++) span[^(i + 1)] = "0123456789abcdef"[(state.n >> (4 * i)) & 0xf];
        });
    }

    static string Query(Arrival arrival, string? campaign, string? term, string? content)
    {
        var query = $"?utm_source={arrival.UtmSource}&utm_medium={arrival.UtmMedium}";
        if (campaign is not null) query += "&utm_campaign=" + Uri.EscapeDataString(campaign);
        if (term is not null) query += "&utm_term=" + Uri.EscapeDataString(term);
        if (content is not null) query += "&utm_content=" + content;
        return query;
    }

    static string HostOf(string url)
    {
        var from = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var to = url.IndexOf('/', from);
        return to < 0 ? url[from..] : url[from..to];
    }
}
