using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Where each column of an export goes: a typed column of the raw table, the deleted flag, or
/// <c>extra</c>. Read on its own before any file of a folder loads, so a bad header changes nothing.
/// </summary>
public sealed class ExportHeader
{
    const string DeletedColumn = "IsDeleted";

    ExportHeader(string[] names, RawColumn?[] typed, int deletedIndex, int[] columnSource)
    {
        Names = names;
        Typed = typed;
        DeletedIndex = deletedIndex;
        ColumnSource = columnSource;
    }

    public string[] Names { get; }
    /// <summary>Per export column, the typed column it fills, or null (custom: <c>extra</c>).</summary>
    public RawColumn?[] Typed { get; }
    public int DeletedIndex { get; }
    /// <summary>Per typed column of the raw table, the export column it comes from, or -1 when the export lacks it.</summary>
    public int[] ColumnSource { get; }

    /// <summary>The typed columns this export carries: the only ones a reload may overwrite.</summary>
    public IEnumerable<RawColumn> PresentColumns(IReadOnlyList<RawColumn> columns) => columns.Where((_, i) => ColumnSource[i] >= 0);

    /// <summary>Reads the header of <paramref name="path"/> alone (the file is opened and closed).</summary>
    public static ExportHeader Of(string path, IReadOnlyList<RawColumn> columns)
    {
        using var reader = new CsvRecordReader(path);
        return Read(reader, path, columns);
    }

    public static ExportHeader Read(CsvRecordReader reader, string path, IReadOnlyList<RawColumn> columns)
    {
        var file = Path.GetFileName(path);
        var fields = new List<string?>();
        try
        {
            if (!reader.Read(fields)) throw new BadInputException($"{file}: empty file (no header line)");
        }
        catch (TruncatedCsvException e) { throw new BadInputException($"{file}: {e.Message}"); }
        catch (DecoderFallbackException) { throw new BadInputException($"{file}: {InvalidUtf8.Describe(path)}"); }
        // The reader skips one byte-order mark; a second one (a file saved twice by a BOM-adding
        // editor) would otherwise glue itself to the first name and read as "no Id column".
        if (fields.Count > 0 && fields[0] is { } first && first.StartsWith('\uFEFF'))
            throw new BadInputException($"{file}: line 1: the file starts with two UTF-8 byte-order marks (EF BB BF EF BB BF); remove the extra one");
        var names = fields.Select(f => (f ?? "").Trim()).ToArray();
        if (names.Length == 1 && names[0].IndexOfAny([';', '\t', '|']) is var at and >= 0)
            throw new BadInputException(
                $"{file}: line 1: the header is a single column ('{Clip(names[0])}'): exports must be comma-separated, this one looks '{Describe(names[0][at])}'-separated");
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BadInputException($"{file}: column '{duplicate.Key}' appears twice in the header");
        if (names.Any(n => n.Length == 0)) throw new BadInputException($"{file}: the header has an empty column name");
        var typed = names.Select(n => columns.FirstOrDefault(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (!typed.Any(c => c?.Name == "Id")) throw new BadInputException($"{file}: no Id column in the header");
        var source = columns.Select(c => Array.FindIndex(typed, t => t == c)).ToArray();
        var deletedIndex = Array.FindIndex(names, n => n.Equals(DeletedColumn, StringComparison.OrdinalIgnoreCase));
        return new ExportHeader(names, typed, deletedIndex, source);
    }

    static string Describe(char c) => c == '\t' ? "tab" : c.ToString();

    static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
