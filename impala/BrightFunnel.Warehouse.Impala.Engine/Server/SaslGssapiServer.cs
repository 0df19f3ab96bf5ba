using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Text;
using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// The server side of SASL GSSAPI, as Impala's (Cyrus SASL) runs it: accept the client's Kerberos
/// tokens with the engine's keytab, then RFC 4752's last exchange — offer "no security layer"
/// wrapped, unwrap the client's choice — and COMPLETE. The engine's keytab is MIT's acceptor keytab
/// (KRB5_KTNAME, set at start from <see cref="LocalImpalaEngineOptions.KerberosKeytab"/>).
/// </summary>
static class SaslGssapiServer
{
    const byte NoSecurityLayer = 1;

    /// <returns>The client's principal, or null when refused (the refusal has been sent).</returns>
    public static async Task<string?> AcceptAsync(Stream stream, CancellationToken ct)
    {
        using var gss = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions
        {
            Package = "Kerberos", Credential = CredentialCache.DefaultNetworkCredentials,
        });
        while (!gss.IsAuthenticated)
        {
            var (status, payload) = await SaslMessage.ReadAsync(stream, ct);
            if (status is not (SaslStatus.Ok or SaslStatus.Complete)) return await Refuse(stream, SaslStatus.Error, "expected a GSSAPI token", ct);
            var reply = gss.GetOutgoingBlob(payload, out var result);
            if (result > NegotiateAuthenticationStatusCode.ContinueNeeded)
                return await Refuse(stream, SaslStatus.Bad, $"GSS initiate failed ({result})", ct);
            if (!gss.IsAuthenticated || reply is { Length: > 0 }) await SaslMessage.WriteAsync(stream, SaslStatus.Ok, reply ?? [], ct);
        }
        var offer = new ArrayBufferWriter<byte>();
        gss.Wrap([NoSecurityLayer, 0, 0, 0], offer, requestEncryption: false, out _);
        await SaslMessage.WriteAsync(stream, SaslStatus.Ok, offer.WrittenMemory, ct);
        var (answerStatus, answer) = await SaslMessage.ReadAsync(stream, ct);
        // An empty message answers the AP-REP of a mutual authentication: the choice comes next.
        if (answer.Length == 0) (answerStatus, answer) = await SaslMessage.ReadAsync(stream, ct);
        var choice = new ArrayBufferWriter<byte>();
        if (answerStatus is not (SaslStatus.Ok or SaslStatus.Complete) || gss.Unwrap(answer, choice, out _) != NegotiateAuthenticationStatusCode.Completed
            || choice.WrittenCount < 4 || choice.WrittenSpan[0] != NoSecurityLayer)
            return await Refuse(stream, SaslStatus.Bad, "GSSAPI: the client chose no offered security layer", ct);
        await SaslMessage.WriteAsync(stream, SaslStatus.Complete, ReadOnlyMemory<byte>.Empty, ct);
        return gss.RemoteIdentity.Name;
    }

    static async Task<string?> Refuse(Stream stream, SaslStatus status, string reason, CancellationToken ct)
    {
        await SaslMessage.WriteAsync(stream, status, Encoding.UTF8.GetBytes(reason), ct);
        return null;
    }
}
