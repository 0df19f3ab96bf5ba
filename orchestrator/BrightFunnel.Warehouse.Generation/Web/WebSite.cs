using System.Globalization;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>What a page is for: it decides where sessions land and which pages carry a form (identify).</summary>
enum PageKind : byte { Home, Product, Pricing, Form, Customers, Blog, Resource, Company, Landing }

/// <summary>One page of the tenant's site; its URL and title are built once and shared by every view.</summary>
sealed record WebPage(string Path, string Title, string Url, PageKind Kind)
{
    /// <summary>Pages whose form fill (or a gated download) identifies the visitor.</summary>
    public bool HasForm => Kind is PageKind.Form or PageKind.Resource;
}

/// <summary>
/// The tenant's web site: one host per tenant, named by the seed, and a fixed catalogue of pages
/// (/, /pricing, /product/…, /blog/…, gated resources, paid landing pages).
/// </summary>
sealed class WebSite
{
    static readonly string[] BrandHeads = ["bright", "signal", "north", "clear", "summit", "lumen", "harbor", "vector", "pioneer", "cobalt"];
    static readonly string[] BrandTails = ["funnel", "metrics", "path", "stack", "flow", "ly", "hq", "labs", "works", "cloud"];

    static readonly string[] BlogPosts =
    [
        "multi-touch-attribution-explained", "first-touch-vs-last-touch", "what-is-a-w-shaped-model", "pipeline-velocity-benchmarks",
        "abm-metrics-that-matter", "utm-parameters-done-right", "attribution-for-long-sales-cycles", "marketing-ops-checklist",
        "the-cfo-guide-to-marketing-roi", "time-decay-models", "webinar-roi", "dark-funnel", "salesforce-campaign-hygiene",
        "intent-data-101", "board-reporting-for-cmos", "lead-to-account-matching", "why-last-touch-lies", "budget-planning-2024",
    ];
    static readonly string[] Resources = ["attribution-playbook", "benchmark-report", "roi-calculator", "abm-guide", "analyst-report", "buyers-guide"];
    static readonly string[] Webinars = ["attribution-101", "pipeline-explained", "ops-masterclass", "customer-panel"];
    static readonly string[] Customers = ["acme-logistics", "northwind", "globex", "initech", "umbrella-health"];
    static readonly string[] LandingPages = ["attribution-software", "marketing-analytics", "abm-platform", "free-trial-offer", "roi-report"];

    public WebSite(ulong seed)
    {
        var r = Rng.For(seed, RngStream.WebPeople, -1);
        var head = r.Pick(BrandHeads);
        var tail = r.Pick(BrandTails);
        Brand = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(head) + tail;
        Host = $"www.{head}{tail}.com";
        var pages = new List<WebPage>();
        void Add(string path, string title, PageKind kind) => pages.Add(new(path, $"{title} | {Brand}", $"https://{Host}{path}", kind));
        Add("/", $"{Brand}: revenue attribution for B2B marketing", PageKind.Home);
        Add("/product", "Product", PageKind.Product);
        Add("/product/attribution", "Multi-touch attribution", PageKind.Product);
        Add("/product/analytics", "Pipeline analytics", PageKind.Product);
        Add("/integrations/salesforce", "Salesforce integration", PageKind.Product);
        Add("/pricing", "Pricing", PageKind.Pricing);
        Add("/demo", "Book a demo", PageKind.Form);
        Add("/contact", "Contact sales", PageKind.Form);
        Add("/free-trial", "Start your free trial", PageKind.Form);
        Add("/customers", "Customers", PageKind.Customers);
        foreach (var c in Customers) Add($"/customers/{c}", $"Customer story: {Titled(c)}", PageKind.Customers);
        Add("/blog", "Blog", PageKind.Blog);
        foreach (var b in BlogPosts) Add($"/blog/{b}", Titled(b), PageKind.Blog);
        foreach (var x in Resources) Add($"/resources/{x}", $"Download: {Titled(x)}", PageKind.Resource);
        foreach (var w in Webinars) Add($"/webinars/{w}", $"Webinar: {Titled(w)}", PageKind.Resource);
        Add("/about", "About us", PageKind.Company);
        Add("/careers", "Careers", PageKind.Company);
        Add("/security", "Security", PageKind.Company);
        foreach (var l in LandingPages) Add($"/lp/{l}", Titled(l), PageKind.Landing);
        Pages = [.. pages];
        FormPages = [.. pages.Where(p => p.HasForm)];
        byKind = [.. Enum.GetValues<PageKind>().Select(k => pages.Where(p => p.Kind == k).ToArray())];
        browsing = Picker(p => p.Kind switch
        {
            PageKind.Product => 3, PageKind.Pricing => 4, PageKind.Blog => 1.2, PageKind.Customers => 1, PageKind.Home => 3,
            PageKind.Form => 0.5, PageKind.Resource => 0.6, PageKind.Company => 0.5, _ => 0,
        });
        buying = Picker(p => p.Kind switch
        {
            PageKind.Pricing => 12, PageKind.Product => 4, PageKind.Customers => 2, PageKind.Form => 2, PageKind.Home => 1, PageKind.Blog => 0.3, _ => 0.1,
        });
    }

    public string Brand { get; }

    /// <summary>The site's host (lower case), as the page views' <c>host</c>.</summary>
    public string Host { get; }

    public WebPage[] Pages { get; }

    public WebPage[] FormPages { get; }

    readonly WeightedPicker browsing;
    readonly WeightedPicker buying;

    /// <summary>The next page a visitor reads: someone close to buying reads pricing, product and customer pages more.</summary>
    public WebPage Next(ref Rng rng, bool buyingIntent) => Pages[(buyingIntent ? buying : browsing).Pick(ref rng)];

    /// <summary>A page of <paramref name="kind"/>.</summary>
    public WebPage Of(PageKind kind, ref Rng rng) => rng.Pick(byKind[(int)kind]);

    readonly WebPage[][] byKind;

    WeightedPicker Picker(Func<WebPage, double> weight) => new(Pages.Select(weight).ToArray());

    static string Titled(string slug) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(slug.Replace('-', ' '));
}
