using System.Text;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// The SASL PLAIN initial response (RFC 4616): <c>authzid NUL authcid NUL passwd</c>. The
/// password is only ever turned into bytes for the wire; <see cref="ToString"/> never shows it.
/// </summary>
public sealed class SaslPlainCredentials(string user, string password, string authorizationId = "")
{
    public string User { get; } = user;
    public string AuthorizationId { get; } = authorizationId;
    internal string Password { get; } = password;

    public byte[] Encode() => Encoding.UTF8.GetBytes($"{AuthorizationId}\0{User}\0{Password}");

    public static SaslPlainCredentials Decode(ReadOnlySpan<byte> payload)
    {
        var parts = Encoding.UTF8.GetString(payload).Split('\0');
        if (parts.Length != 3) throw new InvalidDataException("malformed SASL PLAIN response");
        return new SaslPlainCredentials(parts[1], parts[2], parts[0]);
    }

    public override string ToString() => $"user {User}";
}
