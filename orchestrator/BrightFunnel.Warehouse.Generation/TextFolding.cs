using System.Text;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>Folds names to the ASCII slugs used in domains, email addresses and uniqueness keys.</summary>
static class TextFolding
{
    /// <summary>Lower-case ASCII letters and digits only: "Müller & Söhne" → "mullersohne".</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) AppendFolded(sb, c);
        return sb.ToString();
    }

    static void AppendFolded(StringBuilder sb, char c)
    {
        var lower = char.ToLowerInvariant(c);
        if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9')) { sb.Append(lower); return; }
        switch (lower)
        {
            case 'à' or 'á' or 'â' or 'ã' or 'ä' or 'å': sb.Append('a'); break;
            case 'ç': sb.Append('c'); break;
            case 'è' or 'é' or 'ê' or 'ë': sb.Append('e'); break;
            case 'ì' or 'í' or 'î' or 'ï': sb.Append('i'); break;
            case 'ñ': sb.Append('n'); break;
            case 'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø': sb.Append('o'); break;
            case 'ù' or 'ú' or 'û' or 'ü': sb.Append('u'); break;
            case 'ý' or 'ÿ': sb.Append('y'); break;
            case 'ł': sb.Append('l'); break;
            case 'ß': sb.Append("ss"); break;
            case 'æ': sb.Append("ae"); break;
            case 'œ': sb.Append("oe"); break;
        }
    }
}
