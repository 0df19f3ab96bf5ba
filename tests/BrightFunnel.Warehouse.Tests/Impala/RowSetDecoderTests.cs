using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Decoding of wire structures a real Impala sends and the local engine never does (CHAR/VARCHAR, short bitmaps).</summary>
[TestClass]
public sealed class RowSetDecoderTests
{
    static TColumnDesc Column(string name, int position, TTypeId type, Dictionary<string, TTypeQualifierValue>? qualifiers = null) =>
        new(name, new TTypeDesc([new TTypeEntry { PrimitiveEntry = new TPrimitiveTypeEntry(type) { TypeQualifiers = qualifiers is null ? null : new TTypeQualifiers(qualifiers) } }]), position);

    static readonly Hs2Schema Schema = RowSetDecoder.DecodeSchema(new TTableSchema([
        Column("code", 0, TTypeId.CHAR_TYPE, new() { ["characterMaximumLength"] = new() { I32Value = 3 } }),
        Column("label", 1, TTypeId.VARCHAR_TYPE, new() { ["characterMaximumLength"] = new() { I32Value = 20 } }),
        Column("price", 2, TTypeId.DECIMAL_TYPE, new() { ["precision"] = new() { I32Value = 38 }, ["scale"] = new() { I32Value = 6 } }),
        Column("ratio", 3, TTypeId.FLOAT_TYPE),
    ]));

    [TestMethod]
    public void QualifiersBecomeTypeNames() =>
        Assert.AreEqual("CHAR(3) VARCHAR(20) DECIMAL(38,6) FLOAT", string.Join(" ", Schema.Columns.Select(c => c.Type.Name)));

    [TestMethod]
    public void ColumnarBatchWithAShortNullBitmap()
    {
        var rowSet = new TRowSet(20, []) { Columns = [
            new() { StringVal = new TStringColumn(["abc", "", "xyz"], [0x02]) },
            new() { StringVal = new TStringColumn(["one", "two", "three"], []) },
            new() { StringVal = new TStringColumn(["1.500000", "-2.000000", "0.000001"], [0x00]) },
            new() { DoubleVal = new TDoubleColumn([0.5, 0.25, 0], [0x04]) },
        ] };
        var batch = RowSetDecoder.Decode(rowSet, Schema);
        Assert.AreEqual(20, batch.StartRowOffset);
        Assert.AreEqual(3, batch.RowCount);
        CollectionAssert.AreEqual(new object?[] { "abc", null, "xyz" }, Enumerable.Range(0, 3).Select(batch[0].GetValue).ToArray());
        CollectionAssert.AreEqual(new object?[] { 1.5m, -2m, 0.000001m }, Enumerable.Range(0, 3).Select(batch[2].GetValue).ToArray());
        CollectionAssert.AreEqual(new object?[] { 0.5, 0.25, null }, Enumerable.Range(0, 3).Select(batch[3].GetValue).ToArray());
    }

    [TestMethod]
    public void RowBasedBatchIsPivoted()
    {
        TColumnValue S(string? v) => new() { StringVal = v is null ? new TStringValue() : new TStringValue { Value = v } };
        var rowSet = new TRowSet(0, [
            new TRow([S("abc"), S("one"), S("1.000000"), new() { DoubleVal = new TDoubleValue { Value = 1 } }]),
            new TRow([S(null), S(null), S(null), new() { DoubleVal = new TDoubleValue() }]),
        ]);
        var batch = RowSetDecoder.Decode(rowSet, Schema);
        Assert.AreEqual(2, batch.RowCount);
        Assert.AreEqual(Hs2WireKind.Double, batch[3].Kind);
        Assert.IsTrue(Enumerable.Range(0, 4).All(c => batch[c].IsNull(1)));
        Assert.AreEqual(1m, batch[2].GetDecimal(0));
    }

    [TestMethod]
    public void MismatchedColumnCountsAreAnError()
    {
        var rowSet = new TRowSet(0, []) { Columns = [new() { I64Val = new TI64Column([1], []) }] };
        Assert.ThrowsExactly<Hs2Exception>(() => RowSetDecoder.Decode(rowSet, Schema));
    }
}
