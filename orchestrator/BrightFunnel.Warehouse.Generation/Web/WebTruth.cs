using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>One session as the web step must find it.</summary>
/// <param name="StartTimestamp">Its first page view's timestamp (UTC epoch ms).</param>
/// <param name="UtmCampaign">The landing page's utm_campaign, decoded; null when it had none.</param>
/// <param name="SalesforceCampaignId">The generated campaign utm_campaign names (by id or exact name); null when it names none.</param>
/// <param name="CampaignId">The campaign the session resolves to: the Salesforce one, else its channel's web campaign (WEB_…).</param>
public sealed record WebTruthSession(
    string VisitorId, long StartTimestamp, string Channel, string? UtmCampaign, string? SalesforceCampaignId, string CampaignId, int PageViews);

/// <summary>
/// The web activity's ground truth under <c>&lt;out&gt;/web-truth/</c>: <c>visitors.csv</c>
/// (<c>visitor_id,record_id</c>: the contact or lead whose address the visitor's earliest matching
/// identify event carried, empty when it never identified as a lead or contact) and
/// <c>sessions.csv</c> (one row per session, by visitor and start). Plain RFC 4180 with LF.
/// </summary>
public static class WebTruth
{
    public const string Folder = "web-truth";
    public const string VisitorsFile = "web-truth/visitors.csv";
    public const string SessionsFile = "web-truth/sessions.csv";

    public static readonly IReadOnlyList<string> VisitorColumns = ["visitor_id", "record_id"];
    public static readonly IReadOnlyList<string> SessionColumns =
        ["visitor_id", "session_start_ts", "channel", "utm_campaign", "salesforce_campaign_id", "campaign_id", "page_views"];

    /// <summary>visitor id → record id (null when anonymous or unknown to the CRM), for every visitor.</summary>
    public static IReadOnlyDictionary<string, string?> ReadVisitors(string outputDirectory)
    {
        var visitors = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var f in Rows(Path.Combine(outputDirectory, VisitorsFile))) visitors.Add(f[0]!, f[1]);
        return visitors;
    }

    public static IReadOnlyList<WebTruthSession> ReadSessions(string outputDirectory) =>
        [.. Rows(Path.Combine(outputDirectory, SessionsFile)).Select(f => new WebTruthSession(
            f[0]!, long.Parse(f[1]!, CultureInfo.InvariantCulture), f[2]!, f[3], f[4], f[5]!, int.Parse(f[6]!, CultureInfo.InvariantCulture)))];

    static IEnumerable<List<string?>> Rows(string path)
    {
        using var reader = new CsvRecordReader(path);
        var fields = new List<string?>();
        reader.Read(fields); // header
        while (reader.Read(fields)) yield return fields;
    }
}

/// <summary>Writes one chunk's truth rows (no header) to its own buffers, which the generator appends in chunk order.</summary>
sealed class WebTruthWriter : IDisposable
{
    public MemoryStream VisitorBytes { get; } = new();
    public MemoryStream SessionBytes { get; } = new();
    readonly CsvWriter visitors;
    readonly CsvWriter sessions;

    public WebTruthWriter()
    {
        visitors = new CsvWriter(VisitorBytes, ExportFiles.PlainLf, leaveOpen: true);
        sessions = new CsvWriter(SessionBytes, ExportFiles.PlainLf, leaveOpen: true);
    }

    public long Visitors => visitors.Records;
    public long Identified { get; private set; }
    public long Sessions => sessions.Records;

    public void Visitor(string visitorId, string? recordId)
    {
        visitors.Field(visitorId).Field(recordId).EndRecord();
        if (recordId is not null) Identified++;
    }

    public void Session(string visitorId, long start, WebChannel channel, UtmCampaign campaign, int pageViews)
    {
        sessions.Field(visitorId).Field(start).Field(channel.Key()).Field(campaign.Value).Field(campaign.SalesforceId)
            .Field(campaign.SalesforceId ?? channel.WebCampaignId()).Field(pageViews).EndRecord();
    }

    /// <summary>Flushes both buffers; they then hold every row written.</summary>
    public void Flush()
    {
        visitors.Flush();
        sessions.Flush();
    }

    public void Dispose()
    {
        visitors.Dispose();
        sessions.Dispose();
    }
}
