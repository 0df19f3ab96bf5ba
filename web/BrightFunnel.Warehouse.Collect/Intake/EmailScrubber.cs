using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>
/// Emails never rest in clear, even where a page put one by accident: a form sent by GET leaves the
/// address in the next page's URL, and a title may greet the visitor by it. Any address in a URL,
/// referrer or title (plain or percent-encoded) is replaced by <see cref="Mark"/> before storing.
/// </summary>
public static partial class EmailScrubber
{
    public const string Mark = "(email)";

    public static string? Scrub(string? text) =>
        text is null || (!text.Contains('@') && !text.Contains("%40", StringComparison.OrdinalIgnoreCase)) ? text : Address().Replace(text, Mark);

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", RegexOptions.IgnoreCase)]
    private static partial Regex Address();
}
