using System.Text;
using System.Text.Encodings.Web;
using BrightFunnel.Warehouse.Web.Data;
using Microsoft.AspNetCore.Antiforgery;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>What every page shows around its content: navigation, the selectors, the publication and who is signed in.</summary>
public sealed class PageContext(HttpContext http, string tenant, Publication publication, Choices choices, Selection selection)
{
    public Selection Selection => selection;
    public Choices Choices => choices;
    public Publication Publication => publication;

    /// <summary>The selection's date range in fiscal quarters; null for all time (<see cref="DateRange.Resolve"/>).</summary>
    public DateRange? Range => DateRange.Resolve(selection, publication);

    static readonly (string Path, string Title)[] Nav =
        [("/", "Overview"), ("/campaigns", "Campaigns"), ("/channels", "Channels"), ("/models", "Models"), ("/models/grid", "Model grid"), ("/accounts", "Accounts"), ("/targets", "Target accounts"), ("/web", "Web activity")];

    /// <summary>Under a filter or in a date range, the note that says why ROI is blank (cost is the campaigns' whole spend); nothing under 'all' for all time.</summary>
    public string CostNote => selection.Filter == "all" && selection.Range == "all" ? ""
        : $"""<p class="note" id="cost-note">{E(selection.Range == "all" ? Glossary.CostUnderAFilter : Glossary.CostInARange)}</p>""";

    /// <summary>A link that keeps the stage, model, filter, date range and comparison, so a view can be shared by its URL.</summary>
    public string Link(string path, params (string Key, string? Value)[] extra)
    {
        // A table links every row: the selection's query is built once per page, the row's own part added to it.
        query ??= Link(selection, "");
        if (extra.Length == 0) return path + query;
        var link = new StringBuilder(path).Append(query);
        foreach (var (key, value) in extra)
            if (value is not null) link.Append('&').Append(UrlEncoder.Default.Encode(key)).Append('=').Append(UrlEncoder.Default.Encode(value));
        return link.ToString();
    }

    string? query;

    /// <summary>A link to a view of another selection (e.g. the other stage).</summary>
    public static string Link(Selection selection, string path, params (string Key, string? Value)[] extra)
    {
        var query = new List<KeyValuePair<string, string?>>
        {
            new("stage", selection.Stage), new("model", selection.Model), new("filter", selection.Filter),
        };
        if (selection.Range != "all") query.Add(new("range", selection.Range));
        if (selection.Compare != "none") query.Add(new("compare", selection.Compare));
        query.AddRange(extra.Where(e => e.Value is not null).Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));
        return path + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }

    /// <param name="ranged">The page shows a date range and comparison: the selectors offer them.</param>
    public IResult Page(string title, string body, bool charts = false, bool ranged = false, params (string Name, string? Value)[] keep) =>
        Results.Content(Head(title, charts, ranged, keep) + body + Tail, "text/html; charset=utf-8");

    /// <summary>
    /// A page around a body rendered once and kept as UTF-8 (<see cref="CachedHtml"/>): each request
    /// writes its own head, then the same bytes, so a large page (a journey is 200 KB) allocates no
    /// large string per request; under 50 clients those large-object allocations were what made the
    /// Target accounts and journey pages' p95 more than twice the overview's.
    /// </summary>
    public IResult Page(string title, CachedHtml body, bool charts = false, bool ranged = false, params (string Name, string? Value)[] keep) =>
        new HtmlPage(Head(title, charts, ranged, keep), body);

    /// <summary>
    /// A page whose body depends only on the published version and the selection (plus
    /// <paramref name="key"/>): rendered once per version and kept as UTF-8.
    /// </summary>
    public async Task<IResult> CachedPage(PublishedSnapshot data, string key, string title, Func<Task<string>> body, bool charts = false,
        bool ranged = false, params (string Name, string? Value)[] keep)
    {
        var range = ranged ? $"{selection.Range}|{selection.Compare}" : "";
        var html = await data.Cached($"page|{key}|{selection.Stage}|{selection.Model}|{selection.Filter}|{range}", async () => CachedHtml.Of(await body()));
        return Page(title, html, charts, ranged, keep);
    }

    const string Tail = "</main></body></html>\n";

    /// <summary>Everything before the page's body: head, navigation, the selectors, the publication.</summary>
    string Head(string title, bool charts, bool ranged, (string Name, string? Value)[] keep)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · BrightFunnel</title>{PageHead.Links}
            """);
        if (charts) html.Append("""<script src="/lib/echarts.min.js" defer></script><script src="/app.js" defer></script>""");
        else html.Append("""<script src="/app.js" defer></script>""");
        html.Append("</head><body><header><nav>");
        foreach (var (path, name) in Nav)
            html.Append($"""<a href="{E(Link(path))}"{(http.Request.Path == path ? " aria-current=\"page\"" : "")}>{E(name)}</a>""");
        var token = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        html.Append($"""
            </nav><div class="who"><span id="tenant">{E(tenant)}</span> · {E(http.User.Identity?.Name)}
            <form method="post" action="/logout"><input type="hidden" name="{E(token.FormFieldName)}" value="{E(token.RequestToken)}"><button type="submit">Sign out</button></form></div></header>
            """);
        html.Append($"""<form class="selectors" method="get" action="{E(http.Request.Path)}">""");
        html.Append(Select("stage", "Stage", choices.Stages, selection.Stage));
        html.Append(Select("model", "Model", choices.Models, selection.Model, Glossary.ModelName));
        html.Append(Select("filter", "Filter", choices.Filters, selection.Filter));
        if (ranged)
        {
            html.Append(Select("range", "Dates", DateRange.Ranges, selection.Range, DateRange.RangeName));
            html.Append(Select("compare", "Compared with", DateRange.Compares, selection.Compare, DateRange.CompareName));
        }
        else
        {
            // kept through a page without dates, so the next page that has them shows the same range
            if (selection.Range != "all") html.Append($"""<input type="hidden" name="range" value="{E(selection.Range)}">""");
            if (selection.Compare != "none") html.Append($"""<input type="hidden" name="compare" value="{E(selection.Compare)}">""");
        }
        foreach (var (name, value) in keep.Where(k => k.Value is not null))
            html.Append($"""<input type="hidden" name="{E(name)}" value="{E(value)}">""");
        html.Append("""<button type="submit" id="apply">Show</button></form>""");
        html.Append($"""
            <p class="published" id="published">Published at {publication.PublishedAt:yyyy-MM-dd HH:mm:ss} UTC by run {(publication.RunId is { } run ? run.ToString() : "(none)")} · version {publication.Version}{(publication.AsOf is { } asOf ? $" · <span id=\"as-of\">data as of {asOf:yyyy-MM-dd}</span>" : "")}{(publication.Currency is { } currency ? $" · <span id=\"currency\">amounts in {E(currency)}</span>" : "")} · <a href="{E(Link("/definitions"))}" id="definitions">Definitions</a></p>
            <main><h1>{E(title)}</h1>
            """);
        return html.ToString();
    }

    sealed class HtmlPage(string head, CachedHtml body) : IResult
    {
        static readonly byte[] TailBytes = Encoding.UTF8.GetBytes(Tail);

        public async Task ExecuteAsync(HttpContext context)
        {
            var headBytes = Encoding.UTF8.GetBytes(head);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = headBytes.Length + body.Utf8.Length + TailBytes.Length;
            await context.Response.Body.WriteAsync(headBytes);
            await context.Response.Body.WriteAsync(body.Utf8);
            await context.Response.Body.WriteAsync(TailBytes);
        }
    }

    static string Select(string name, string label, IEnumerable<string> options, string selected, Func<string, string>? display = null) =>
        $"""<label>{E(label)} <select name="{name}" id="{name}">""" +
        string.Concat(options.Select(o => $"""<option value="{E(o)}"{(o == selected ? " selected" : "")}>{E(display?.Invoke(o) ?? o)}</option>""")) +
        "</select></label>";
}
