using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// Encodes a successful columnar FetchResults reply in Thrift's binary protocol in one pass over
/// the wire lists, into one buffer — the same bytes the generated code writes (a test compares
/// them), without an awaited call per value. Anything else (errors, row-based sets) is left to
/// the generated code.
/// </summary>
static class FetchResultsEncoder
{
    // Thrift binary protocol type ids.
    const byte Stop = 0, Bool = 2, Byte = 3, Double = 4, I16 = 6, I32 = 8, I64 = 10, String = 11, Struct = 12, List = 15;

    public static bool CanEncode(TFetchResultsResp response) =>
        response.Status is { StatusCode: TStatusCode.SUCCESS_STATUS, InfoMessages: null, SqlState: null, ErrorMessage: null } status
        && !status.__isset.errorCode
        && response.Results is { Columns: not null, Rows.Count: 0 } results && results.__isset.columns;

    /// <summary>The <c>FetchResults_result</c> struct (field 0 = the reply) as bytes.</summary>
    public static void Encode(TFetchResultsResp response, ArrayBufferWriter<byte> output)
    {
        var w = new Writer(output);
        w.Field(Struct, 0);
        w.Field(Struct, 1);
        w.Field(I32, 1);
        w.I32((int)response.Status!.StatusCode);
        w.Byte(Stop);
        if (response.__isset.hasMoreRows)
        {
            w.Field(Bool, 2);
            w.Byte(response.HasMoreRows ? (byte)1 : (byte)0);
        }
        var results = response.Results!;
        w.Field(Struct, 3);
        w.Field(I64, 1);
        w.I64(results.StartRowOffset);
        w.Field(List, 2);
        w.ListHeader(Struct, 0);
        w.Field(List, 3);
        w.ListHeader(Struct, results.Columns!.Count);
        foreach (var column in results.Columns) Column(ref w, column);
        w.Byte(Stop);
        w.Byte(Stop);
        w.Byte(Stop);
    }

    static void Column(ref Writer w, TColumn c)
    {
        if (c.BoolVal is { } b) { w.Field(Struct, 1); w.Field(List, 1); w.ListHeader(Bool, b.Values!.Count); foreach (var v in b.Values) w.Byte(v ? (byte)1 : (byte)0); Nulls(ref w, b.Nulls); }
        else if (c.ByteVal is { } y) { w.Field(Struct, 2); w.Field(List, 1); w.ListHeader(Byte, y.Values!.Count); foreach (var v in y.Values) w.Byte((byte)v); Nulls(ref w, y.Nulls); }
        else if (c.I16Val is { } s) { w.Field(Struct, 3); w.Field(List, 1); w.ListHeader(I16, s.Values!.Count); foreach (var v in s.Values) w.I16(v); Nulls(ref w, s.Nulls); }
        else if (c.I32Val is { } i) { w.Field(Struct, 4); w.Field(List, 1); w.ListHeader(I32, i.Values!.Count); foreach (var v in i.Values) w.I32(v); Nulls(ref w, i.Nulls); }
        else if (c.I64Val is { } l) { w.Field(Struct, 5); w.Field(List, 1); w.ListHeader(I64, l.Values!.Count); foreach (var v in l.Values) w.I64(v); Nulls(ref w, l.Nulls); }
        else if (c.DoubleVal is { } d) { w.Field(Struct, 6); w.Field(List, 1); w.ListHeader(Double, d.Values!.Count); foreach (var v in d.Values) w.I64(BitConverter.DoubleToInt64Bits(v)); Nulls(ref w, d.Nulls); }
        else if (c.StringVal is { } t) { w.Field(Struct, 7); w.Field(List, 1); w.ListHeader(String, t.Values!.Count); foreach (var v in t.Values) w.Text(v); Nulls(ref w, t.Nulls); }
        else if (c.BinaryVal is { } x) { w.Field(Struct, 8); w.Field(List, 1); w.ListHeader(String, x.Values!.Count); foreach (var v in x.Values) w.Bytes(v); Nulls(ref w, x.Nulls); }
        w.Byte(Stop); // end of TColumn
    }

    static void Nulls(ref Writer w, byte[]? nulls)
    {
        w.Field(String, 2);
        w.Bytes(nulls ?? []);
        w.Byte(Stop); // end of the typed column struct
    }

    ref struct Writer(ArrayBufferWriter<byte> output)
    {
        public void Byte(byte b)
        {
            output.GetSpan(1)[0] = b;
            output.Advance(1);
        }

        public void Field(byte type, short id)
        {
            var span = output.GetSpan(3);
            span[0] = type;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], id);
            output.Advance(3);
        }

        public void ListHeader(byte elementType, int count)
        {
            Byte(elementType);
            I32(count);
        }

        public void I16(short v)
        {
            BinaryPrimitives.WriteInt16BigEndian(output.GetSpan(2), v);
            output.Advance(2);
        }

        public void I32(int v)
        {
            BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), v);
            output.Advance(4);
        }

        public void I64(long v)
        {
            BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), v);
            output.Advance(8);
        }

        public void Text(string v)
        {
            var span = output.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(v.Length));
            var length = Encoding.UTF8.GetBytes(v, span[4..]);
            BinaryPrimitives.WriteInt32BigEndian(span, length);
            output.Advance(4 + length);
        }

        public void Bytes(ReadOnlySpan<byte> v)
        {
            var span = output.GetSpan(4 + v.Length);
            BinaryPrimitives.WriteInt32BigEndian(span, v.Length);
            v.CopyTo(span[4..]);
            output.Advance(4 + v.Length);
        }
    }
}
