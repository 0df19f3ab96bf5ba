using System.Text;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// The client side of HiveServer2's SASL PLAIN (LDAP) handshake: START "PLAIN", OK with the
/// credentials, then the server's COMPLETE. After it, every Thrift message is 4-byte framed.
/// </summary>
static class SaslPlainClient
{
    public static async Task AuthenticateAsync(Stream stream, SaslPlainCredentials credentials, string endpoint, CancellationToken ct)
    {
        await SaslMessage.WriteAsync(stream, SaslStatus.Start, "PLAIN"u8.ToArray(), ct);
        await SaslMessage.WriteAsync(stream, SaslStatus.Ok, credentials.Encode(), ct);
        (SaslStatus status, byte[] payload) answer;
        try
        {
            answer = await SaslMessage.ReadAsync(stream, ct);
        }
        catch (EndOfStreamException)
        {
            throw new Hs2AuthenticationException(endpoint, $"the server closed the connection during SASL PLAIN for {credentials}");
        }
        switch (answer.status)
        {
            case SaslStatus.Complete:
                return;
            case SaslStatus.Bad or SaslStatus.Error:
                var reason = Encoding.UTF8.GetString(answer.payload);
                throw new Hs2AuthenticationException(endpoint, $"SASL PLAIN refused for {credentials}: {reason}");
            default:
                throw new Hs2AuthenticationException(endpoint, $"unexpected SASL {answer.status} during PLAIN for {credentials}");
        }
    }
}
