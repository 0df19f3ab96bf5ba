using System.Text;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// A page body rendered once for a published version and kept with its query results, encoded
/// (<see cref="Pages.PageContext.CachedPage"/>): each request writes the same bytes.
/// </summary>
public sealed record CachedHtml(byte[] Utf8)
{
    public static CachedHtml Of(string html) => new(Encoding.UTF8.GetBytes(html));
}
