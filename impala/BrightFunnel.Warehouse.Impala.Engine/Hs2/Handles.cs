using System.Security.Cryptography;
using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// An HS2 handle: a public id and a secret the client must echo, so one client cannot guess
/// another's session or query (Impala checks the secret too).
/// </summary>
sealed class Handle
{
    public Guid Id { get; } = Guid.NewGuid();

    public byte[] Secret { get; } = RandomNumberGenerator.GetBytes(16);

    public THandleIdentifier ToThrift() => new(Id.ToByteArray(), (byte[])Secret.Clone());

    /// <summary>The hex id Impala prints in its messages and profiles.</summary>
    public override string ToString() => Convert.ToHexString(Id.ToByteArray()).ToLowerInvariant();

    public static Guid IdOf(THandleIdentifier? handle, string what) =>
        handle?.Guid is { Length: 16 } bytes ? new Guid(bytes) : throw new EngineException($"Invalid {what} handle");

    public bool Matches(THandleIdentifier handle) =>
        handle.Secret is { } s && CryptographicOperations.FixedTimeEquals(s, Secret);
}
