using System.Buffers;
using System.Text.Unicode;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Where an export stops being UTF-8. The decoder that reads exports says only that a block of
/// 64 KB was bad (and the header read decodes the first block), so on that error path the
/// bytes are scanned once more to name the line and the byte.
/// </summary>
public static class InvalidUtf8
{
    public static string Describe(string path)
    {
        using var stream = File.OpenRead(path);
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length];
        long offset = 0;
        var line = 1;
        var carry = 0;
        while (true)
        {
            var n = stream.Read(bytes, carry, bytes.Length - carry);
            var length = carry + n;
            if (length == 0) break;
            var status = Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out var read, out _, replaceInvalidSequences: false, isFinalBlock: n == 0);
            line += bytes.AsSpan(0, read).Count((byte)'\n');
            if (status == OperationStatus.InvalidData)
                return $"line {line}: not valid UTF-8 (byte 0x{bytes[read]:X2} at offset {offset + read})";
            if (n == 0) break;
            // A sequence cut by the block's end is decoded with the next block.
            offset += read;
            carry = length - read;
            Array.Copy(bytes, read, bytes, 0, carry);
        }
        return "not valid UTF-8";
    }
}
