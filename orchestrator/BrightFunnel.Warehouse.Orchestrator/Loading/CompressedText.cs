using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Text stored compressed in MariaDB's <c>COMPRESS()</c> format: the text's length in UTF-8 bytes
/// (4 bytes, little-endian), then a zlib stream; empty text is stored empty. The server's
/// <c>UNCOMPRESS()</c> reads what this writes, and the MySQL engine's procedures write the same
/// with <c>COMPRESS()</c>. The drill-down's deal paths and campaign deal lists are stored so
/// (sql/tenant/0031_compressed_deal_paths.sql): at L they are 500 MB of text that shrinks 3.6
/// times, and every MySQL hop they take (the copy back from the cluster, the publish) costs by the byte.
/// </summary>
public static class CompressedText
{
    /// <summary>The column each work table holds compressed; the cluster's text for it is compressed on its way in.</summary>
    static readonly IReadOnlyDictionary<string, string> CompressedColumn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["an_deal_path_work"] = "path",
        ["an_campaign_deal_work"] = "opportunity_ids",
        ["an_target_account_weeks_packed_next"] = "series",
    };

    /// <summary>The column of <paramref name="table"/> stored compressed, or null.</summary>
    public static string? ColumnOf(string table) => CompressedColumn.GetValueOrDefault(table);

    /// <summary>
    /// The text compressed at zlib's fastest level: at L it takes 1.7 s of one core for the deal
    /// paths, about a quarter of what loading them uncompressed cost MariaDB beyond the compressed load.
    /// </summary>
    public static byte[] Compress(string text)
    {
        if (text.Length == 0) return [];
        var utf8 = Encoding.UTF8.GetBytes(text);
        using var packed = new MemoryStream(utf8.Length / 3 + 16);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        packed.Write(length);
        using (var zlib = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) zlib.Write(utf8);
        return packed.ToArray();
    }
}
