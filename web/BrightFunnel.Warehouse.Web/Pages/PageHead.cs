namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>What every page's head links: the style sheet and the icon, both static files of the app.</summary>
static class PageHead
{
    public const string Links = """<link rel="stylesheet" href="/app.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml">""";
}
