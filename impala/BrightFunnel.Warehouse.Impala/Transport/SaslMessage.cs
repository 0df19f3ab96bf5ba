using System.Buffers.Binary;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>The status byte of a SASL negotiation message (Thrift's TSaslTransport).</summary>
public enum SaslStatus : byte { Start = 1, Ok = 2, Bad = 3, Error = 4, Complete = 5 }

/// <summary>
/// One SASL negotiation message as HiveServer2 frames it: a status byte, a 4-byte big-endian
/// payload length, the payload. Used by the client handshake and by the local engine's server side.
/// </summary>
public static class SaslMessage
{
    /// <summary>Negotiation payloads are tiny (a mechanism name, a user and a password).</summary>
    public const int MaxPayload = 64 * 1024;

    public static async Task WriteAsync(Stream stream, SaslStatus status, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        var header = new byte[5];
        header[0] = (byte)status;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), payload.Length);
        await stream.WriteAsync(header, ct);
        await stream.WriteAsync(payload, ct);
        await stream.FlushAsync(ct);
    }

    public static async Task<(SaslStatus Status, byte[] Payload)> ReadAsync(Stream stream, CancellationToken ct)
    {
        var header = new byte[5];
        await stream.ReadExactlyAsync(header, ct);
        var status = (SaslStatus)header[0];
        if (status is < SaslStatus.Start or > SaslStatus.Complete)
            throw new InvalidDataException($"not a SASL message (status byte {header[0]})");
        var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        if (length is < 0 or > MaxPayload) throw new InvalidDataException($"SASL payload of {length} bytes refused");
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        return (status, payload);
    }
}
