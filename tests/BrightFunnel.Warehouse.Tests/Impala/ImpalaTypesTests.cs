using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

[TestClass]
public sealed class ImpalaTypesTests
{
    [TestMethod]
    [DataRow("bigint", "BIGINT")]
    [DataRow("Decimal(10, 2)", "DECIMAL(10,2)")]
    [DataRow("decimal", "DECIMAL(9,0)")]
    [DataRow("varchar(64)", "VARCHAR(64)")]
    [DataRow("integer", "INT")]
    [DataRow("string", "STRING")]
    public void ParsesAndPrintsTypeNames(string text, string name) => Assert.AreEqual(name, ImpalaType.Parse(text).Name);

    [TestMethod]
    public void StringBorneTypesTravelAsStrings()
    {
        foreach (var t in new[] { ImpalaType.Timestamp, ImpalaType.Date, ImpalaType.Decimal(5, 1), ImpalaType.Varchar(3), ImpalaType.Char(2), ImpalaType.String })
            Assert.AreEqual(Hs2WireKind.String, t.WireKind, t.Name);
        Assert.AreEqual(Hs2WireKind.Double, ImpalaType.Float.WireKind);
        Assert.AreEqual(Hs2WireKind.Int64, ImpalaType.BigInt.WireKind);
    }

    [TestMethod]
    public void TimestampsRoundTripImpalasText()
    {
        Assert.AreEqual("2024-01-02 03:04:05", ImpalaValueFormat.FormatTimestamp(new DateTime(2024, 1, 2, 3, 4, 5)));
        Assert.AreEqual("2024-01-02 03:04:05.123456700", ImpalaValueFormat.FormatTimestamp(new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1234567)));
        Assert.AreEqual(new DateTime(2024, 1, 2, 3, 4, 5).AddTicks(1234567), ImpalaValueFormat.ParseTimestamp("2024-01-02 03:04:05.123456789"));
        Assert.AreEqual(new DateTime(2024, 1, 2, 3, 4, 5, 500), ImpalaValueFormat.ParseTimestamp("2024-01-02 03:04:05.5"));
        Assert.AreEqual(new DateTime(2024, 1, 2), ImpalaValueFormat.ParseTimestamp("2024-01-02"));
        Assert.ThrowsExactly<FormatException>(() => ImpalaValueFormat.ParseTimestamp("2024-01-02 03:04:05.12x"));
    }

    [TestMethod]
    public void DecimalsKeepTheirScale()
    {
        Assert.AreEqual("2.50", ImpalaValueFormat.FormatDecimal(2.5m, 2));
        Assert.AreEqual("-0.125", ImpalaValueFormat.FormatDecimal(-0.125m, 3));
        Assert.AreEqual(-12.5m, ImpalaValueFormat.ParseDecimal("-12.50"));
    }

    [TestMethod]
    public void NullBitmapIsLeastSignificantBitFirstAndMayBeShort()
    {
        // Rows 0, 3 and 9 are null: 0b0000_1001, 0b0000_0010.
        var mask = new Hs2NullMask([0x09, 0x02]);
        var nulls = Enumerable.Range(0, 24).Where(mask.IsNull).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 3, 9 }, nulls);
        Assert.IsFalse(new Hs2NullMask([]).IsNull(5), "a missing bitmap byte means not null");
        Assert.IsFalse(new Hs2NullMask(null).HasNulls);
        CollectionAssert.AreEqual(new byte[] { 0x09, 0x02 }, Hs2NullMask.Encode([true, false, false, true, false, false, false, false, false, true]));
    }
}
