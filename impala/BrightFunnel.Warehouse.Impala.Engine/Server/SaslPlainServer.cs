using System.Text;
using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// The server side of SASL PLAIN: START "PLAIN", OK with <c>authzid\0user\0password</c>, answered
/// with COMPLETE, or BAD and a closed connection.
/// </summary>
static class SaslPlainServer
{
    /// <returns>The authenticated user, or null when refused (the refusal has been sent).</returns>
    public static async Task<string?> AuthenticateAsync(Stream stream, LocalImpalaEngineOptions options, CancellationToken ct)
    {
        var (status, payload) = await SaslMessage.ReadAsync(stream, ct);
        if (status != SaslStatus.Start) return await Refuse(stream, SaslStatus.Error, "expected a SASL START message", ct);
        var mechanism = Encoding.UTF8.GetString(payload);
        if (mechanism == "GSSAPI" && options.KerberosKeytab is not null)
        {
            // The client's first Kerberos token comes in the message after START.
            return await SaslGssapiServer.AcceptAsync(stream, ct);
        }
        // With Kerberos alone (no LDAP users) PLAIN is not a way in, as on an Impala without LDAP.
        if (mechanism != "PLAIN" || (options.Users is null && options.KerberosKeytab is not null))
            return await Refuse(stream, SaslStatus.Bad, $"Unsupported mechanism type {mechanism}", ct);
        (status, payload) = await SaslMessage.ReadAsync(stream, ct);
        if (status != SaslStatus.Ok) return await Refuse(stream, SaslStatus.Error, "expected the PLAIN credentials", ct);
        SaslPlainCredentials credentials;
        try { credentials = SaslPlainCredentials.Decode(payload); }
        catch (InvalidDataException e) { return await Refuse(stream, SaslStatus.Bad, e.Message, ct); }
        if (!options.Accepts(credentials.User, credentials.Password))
            return await Refuse(stream, SaslStatus.Bad, "Error validating the login", ct);
        await SaslMessage.WriteAsync(stream, SaslStatus.Complete, ReadOnlyMemory<byte>.Empty, ct);
        return credentials.User;
    }

    static async Task<string?> Refuse(Stream stream, SaslStatus status, string reason, CancellationToken ct)
    {
        await SaslMessage.WriteAsync(stream, status, Encoding.UTF8.GetBytes(reason), ct);
        return null;
    }
}
