using System.Text;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Loading;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>
/// The one escaping routine of LOAD DATA text, byte by byte, through both writers that use it:
/// ingest's load files (<see cref="TsvFileWriter"/>) and cluster results (<see cref="Hs2BatchTextWriter"/>).
/// </summary>
[TestClass]
public sealed class LoadDataEscapingTests
{
    /// <summary>Each value that needs care, and the field MySQL's default LOAD DATA format wants for it.</summary>
    internal static readonly (string? value, string field)[] Fields =
    [
        ("back\\slash", @"back\\slash"),
        ("tab\there", @"tab\there"),
        ("new\nline", @"new\nline"),
        ("carriage\rreturn", @"carriage\rreturn"),
        ("nul\0byte", @"nul\0byte"),
        ("ctrl\u001aZ", @"ctrl\ZZ"),
        (null, @"\N"),
        ("\\N", @"\\N"),
        ("N", "N"),
        ("", ""),
        ("\\\t\n\r\0\u001a", @"\\\t\n\r\0\Z"),
        ("héllo wörld € 𝄞 日本", "héllo wörld € 𝄞 日本"),
    ];

    [TestMethod]
    public void TheLoadFileOfIngestEscapesEveryByteThatNeedsIt()
    {
        foreach (var (value, field) in Fields)
            Assert.AreEqual($"1\t{field}\tlast\n", ViaTsvFile(value), $"value {Shown(value)}");
    }

    [TestMethod]
    public void TheTextOfAClusterResultEscapesThemAlike()
    {
        foreach (var (value, field) in Fields)
            Assert.AreEqual($"1\t{field}\tlast\n", ViaBatch(value), $"value {Shown(value)}");
    }

    /// <summary>Longer than the writer's 64 KiB buffer, with escapes before, on and after its edges.</summary>
    internal static readonly string Long = string.Concat(Enumerable.Range(0, 40_000).Select(i => i % 7 == 0 ? "\t\u001a\\" : "é"));

    /// <summary>A value with its control characters visible, for a failure message.</summary>
    internal static string Shown(string? value) =>
        value is null ? "NULL" : "\"" + string.Concat(value.Select(c => c < ' ' ? $"\\x{(int)c:x2}" : c.ToString())) + "\"";

    [TestMethod]
    public void AValueLongerThanTheBufferIsEscapedAcrossItsEdges()
    {
        var expected = Long.Replace("\\", @"\\").Replace("\t", @"\t").Replace("\u001a", @"\Z");

        Assert.AreEqual($"1\t{expected}\tlast\n", ViaTsvFile(Long));
        Assert.AreEqual($"1\t{expected}\tlast\n", ViaBatch(Long));
    }

    [TestMethod]
    public void BinaryValuesEscapeTheSameBytes()
    {
        byte[] value = [(byte)'\\', 9, 10, 13, 0, 0x1a, 0xff, (byte)'N'];
        var column = new Hs2Column(new Hs2ColumnInfo("b", 0, ImpalaType.Binary), new List<byte[]> { value }, new Hs2NullMask(null));

        using var text = new MemoryStream();
        var writer = new Hs2BatchTextWriter(text);
        writer.Write(new Hs2Batch(0, 1, [column]));
        writer.Flush();

        CollectionAssert.AreEqual("\\\\\\t\\n\\r\\0\\Z"u8.ToArray().Concat(new byte[] { 0xff, (byte)'N', (byte)'\n' }).ToArray(), text.ToArray());
    }

    [TestMethod]
    public void ValuesAsAMySqlReaderReturnsThemAreWrittenInTheFormMySqlReadsBack()
    {
        using var text = new MemoryStream();
        var writer = new LoadDataTextWriter(text);
        foreach (var value in new object?[] { DBNull.Value, new DateTime(2024, 5, 6, 7, 8, 9).AddTicks(1234560), 1 / 3.0, 1234.50m, -7L, true, "a\tb", new byte[] { 0x1a, 0xc3, 0xa9 } })
            writer.Value(value);
        writer.EndRow();
        writer.Flush();

        Assert.AreEqual("\\N\t2024-05-06 07:08:09.123456\t0.3333333333333333\t1234.50\t-7\t1\ta\\tb\t\\Zé\n", Encoding.UTF8.GetString(text.ToArray()));
    }

    [TestMethod]
    public void InfinitiesAndNaNAreRefusedNamingTheValue()
    {
        var writer = new LoadDataTextWriter(Stream.Null);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => writer.Value(double.NaN));
        StringAssert.Contains(e.Message, "NaN");
        Assert.ThrowsExactly<InvalidDataException>(() => writer.Value(double.PositiveInfinity));
    }

    static string ViaTsvFile(string? value)
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var w = new TsvFileWriter(path))
            {
                w.Value("1");
                w.Value(value);
                w.Value("last");
                w.EndRow();
            }
            return File.ReadAllText(path, Encoding.UTF8);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string ViaBatch(string? value)
    {
        using var text = new MemoryStream();
        var writer = new Hs2BatchTextWriter(text);
        writer.Write(Batch(1, (1L, value)));
        writer.Flush();
        return Encoding.UTF8.GetString(text.ToArray());
    }

    /// <summary>A batch as the client decodes it: an id column, a text column, and a constant <c>last</c> column.</summary>
    internal static Hs2Batch Batch(long firstId, params (long id, string? text)[] rows) => Batch(firstId, "txt", rows);

    internal static Hs2Batch Batch(long firstId, string textColumn, params (long id, string? text)[] rows)
    {
        var nulls = Hs2NullMask.Encode(rows.Select(r => r.text is null).ToArray());
        return new Hs2Batch(firstId, rows.Length,
        [
            new Hs2Column(new Hs2ColumnInfo("id", 0, ImpalaType.BigInt), rows.Select(r => r.id).ToList(), new Hs2NullMask(null)),
            new Hs2Column(new Hs2ColumnInfo(textColumn, 1, ImpalaType.String), rows.Select(r => r.text ?? "").ToList(), new Hs2NullMask(nulls)),
            new Hs2Column(new Hs2ColumnInfo("tail", 2, ImpalaType.String), rows.Select(_ => "last").ToList(), new Hs2NullMask(null)),
        ]);
    }
}
