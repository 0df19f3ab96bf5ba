using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// A readable page for a refused request (400, 404, 429, …), so the browser never shows its own
/// empty-body page; the API gets the same as JSON (<see cref="Api.ApiError"/>).
/// </summary>
public static class ErrorPage
{
    public static IResult Render(int status, string title, string message, string? link = "/", string linkText = "Back to the dashboard") =>
        Results.Content(Html(title, message, link, linkText), "text/html; charset=utf-8", statusCode: status);

    public static string Html(string title, string message, string? link = "/", string linkText = "Back to the dashboard") => $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>{E(title)} · BrightFunnel</title>{PageHead.Links}</head>
        <body class="login"><main><h1>{E(title)}</h1><p class="error" id="error">{E(message)}</p>
        {(link is null ? "" : $"<p><a href=\"{E(link)}\">{E(linkText)}</a></p>")}</main></body></html>
        """;

    /// <summary>The page's words for a status that left without a body.</summary>
    public static (string Title, string Message) Describe(int status) => status switch
    {
        400 => ("Bad request", "The request was not understood. If you were sending a form, reload the page and try again."),
        401 => ("Not signed in", "Sign in to see this page."),
        403 => ("Forbidden", "This account may not open this page."),
        404 => ("Not found", "There is no such page, or nothing of yours at this address."),
        405 => ("Method not allowed", "This address does not take that kind of request."),
        429 => ("Too many requests", "Too many requests in a short time. Wait a moment and try again."),
        _ => ("Something went wrong", $"The request ended with status {status}."),
    };

    /// <summary>
    /// Gives every bodiless error response a body: HTML for pages, JSON for the API. Registered with
    /// UseStatusCodePages, which calls it only when nothing was written yet.
    /// </summary>
    public static async Task WriteBody(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (title, message) = Describe(status);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await http.Response.WriteAsJsonAsync(new Api.ApiError(status == 401 ? "a valid API token is required: Authorization: Bearer <token>" : message));
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Html(title, message));
    }
}
