using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// The client side of HiveServer2's SASL GSSAPI (Kerberos) handshake, as impyla's
/// <c>auth_mechanism='GSSAPI'</c>: START "GSSAPI" with the first Kerberos token, the tokens until
/// the context is established, then RFC 4752's last exchange — the server's wrapped offer of
/// security layers, answered with a wrapped "no security layer" (authentication only) — and the
/// server's COMPLETE. After it every Thrift message is 4-byte framed. Uses the system's GSSAPI
/// through .NET's <see cref="NegotiateAuthentication"/>, with the ticket cache or client keytab
/// the options name.
/// </summary>
public static class SaslGssapiClient
{
    const byte NoSecurityLayer = 1;

    internal static async Task AuthenticateAsync(Stream stream, Hs2Options options, CancellationToken ct)
    {
        var (service, gss) = Start(options, "Kerberos");
        using var _ = gss;
        var token = gss.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out var status);
        if (status > NegotiateAuthenticationStatusCode.ContinueNeeded) throw Failure(options, service, status);
        await SaslMessage.WriteAsync(stream, SaslStatus.Start, "GSSAPI"u8.ToArray(), ct);
        await SaslMessage.WriteAsync(stream, SaslStatus.Ok, token ?? [], ct);
        while (true)
        {
            (SaslStatus Status, byte[] Payload) answer;
            try { answer = await SaslMessage.ReadAsync(stream, ct); }
            catch (EndOfStreamException) { throw new Hs2AuthenticationException(options.Endpoint, $"the server closed the connection during SASL GSSAPI for {service}"); }
            switch (answer.Status)
            {
                case SaslStatus.Complete when gss.IsAuthenticated:
                    return;
                case SaslStatus.Bad or SaslStatus.Error:
                    throw new Hs2AuthenticationException(options.Endpoint, $"SASL GSSAPI refused by the server for {service}: {System.Text.Encoding.UTF8.GetString(answer.Payload)}");
                case SaslStatus.Ok or SaslStatus.Complete when !gss.IsAuthenticated:
                    token = gss.GetOutgoingBlob(answer.Payload, out status);
                    if (status > NegotiateAuthenticationStatusCode.ContinueNeeded) throw Failure(options, service, status);
                    await SaslMessage.WriteAsync(stream, SaslStatus.Ok, token ?? [], ct);
                    break;
                case SaslStatus.Ok when answer.Payload.Length == 0:
                    await SaslMessage.WriteAsync(stream, SaslStatus.Ok, ReadOnlyMemory<byte>.Empty, ct);
                    break;
                case SaslStatus.Ok:
                    await SaslMessage.WriteAsync(stream, SaslStatus.Complete, ChooseNoSecurityLayer(gss, answer.Payload, options.Endpoint), ct);
                    break;
                default:
                    throw new Hs2AuthenticationException(options.Endpoint, $"unexpected SASL {answer.Status} during GSSAPI for {service}");
            }
        }
    }

    /// <summary>
    /// A SPNEGO token for <paramref name="service"/> (<c>HTTP/namenode</c> for WebHDFS) with the identity of a keytab or
    /// ticket cache, for <c>Authorization: Negotiate …</c>; a failure is named as for HS2.
    /// </summary>
    /// <param name="serviceSetting">the setting that makes <paramref name="service"/>, for the message when the KDC does not know it.</param>
    public static byte[] SpnegoToken(string service, string? principal, string? keytab, string? ticketCache, string endpoint, string serviceSetting)
    {
        var slash = service.IndexOf('/');
        return SpnegoToken(new Hs2Options
        {
            Host = service[(slash + 1)..], KerberosService = service[..slash], KerberosPrincipal = principal, KerberosKeytab = keytab, KerberosTicketCache = ticketCache,
        }, endpoint, serviceSetting);
    }

    /// <summary>The SPNEGO token of HS2 over HTTP (<c>Authorization: Negotiate …</c>), for the same service principal.</summary>
    internal static byte[] SpnegoToken(Hs2Options options, string? endpoint = null, string serviceSetting = ServiceSettings)
    {
        var (service, gss) = Start(options, "Negotiate", endpoint);
        using (gss)
        {
            var token = gss.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out var status);
            return status <= NegotiateAuthenticationStatusCode.ContinueNeeded && token is not null ? token : throw Failure(options, service, status, endpoint, serviceSetting);
        }
    }

    /// <summary>A client context for the options' service principal, with the options' identity (keytab or ticket cache).</summary>
    static (string Service, NegotiateAuthentication Gss) Start(Hs2Options options, string package, string? endpoint = null)
    {
        var service = $"{options.KerberosService}/{options.KerberosHost ?? options.Host}";
        try { options.KerberosIdentity.Apply(); }
        catch (KerberosIdentityException e) { throw new Hs2AuthenticationException(endpoint ?? options.Endpoint, e.Message); }
        return (service, new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = package, TargetName = service, Credential = CredentialCache.DefaultNetworkCredentials,
        }));
    }

    /// <summary>RFC 4752 §3.1: unwrap the server's 4-byte offer, answer "no security layer, no buffer" wrapped.</summary>
    static byte[] ChooseNoSecurityLayer(NegotiateAuthentication gss, byte[] offer, string endpoint)
    {
        var plain = new ArrayBufferWriter<byte>();
        if (gss.Unwrap(offer, plain, out _) != NegotiateAuthenticationStatusCode.Completed || plain.WrittenCount != 4)
            throw new Hs2AuthenticationException(endpoint, "SASL GSSAPI: the server's security-layer offer did not unwrap to 4 bytes");
        if ((plain.WrittenSpan[0] & NoSecurityLayer) == 0)
            throw new Hs2AuthenticationException(endpoint, "SASL GSSAPI: the server insists on an integrity or privacy layer, which bfw does not speak (use TLS for privacy)");
        var reply = new ArrayBufferWriter<byte>();
        gss.Wrap([NoSecurityLayer, 0, 0, 0], reply, requestEncryption: false, out _);
        return reply.WrittenSpan.ToArray();
    }

    const string ServiceSettings = "Impala.KerberosService and Impala.KerberosHost";

    static Hs2AuthenticationException Failure(Hs2Options options, string service, NegotiateAuthenticationStatusCode status, string? endpoint = null,
        string serviceSetting = ServiceSettings)
    {
        var identity = options.KerberosIdentity;
        var why = status == NegotiateAuthenticationStatusCode.UnknownCredentials || TicketCacheHasNoValidTicket(identity) == true
            ? $"no valid ticket for {identity.Name()} in {identity.Cache} (absent or expired) — {identity.Fix}"
            : $"no service ticket for {service}: the KDC may not know that principal (check {serviceSetting}), or the ticket of {identity.Name()} in {identity.Cache} has expired ({identity.Fix})";
        return new Hs2AuthenticationException(endpoint ?? options.Endpoint, $"Kerberos: {why} [GSSAPI {status}]");
    }

    /// <summary>`klist -s` where krb5-user is installed: true when the cache holds no valid ticket; null when it cannot tell.</summary>
    static bool? TicketCacheHasNoValidTicket(KerberosClientIdentity identity)
    {
        if (identity.Keytab is not null) return null;
        try
        {
            var start = new ProcessStartInfo("klist", ["-s"]) { RedirectStandardError = true, RedirectStandardOutput = true };
            if (identity.TicketCache is { } cache) start.ArgumentList.Add(cache);
            using var klist = Process.Start(start)!;
            if (!klist.WaitForExit(5000)) return null;
            return klist.ExitCode != 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
