using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// Which TLS server certificates the client trusts: the platform's trust store, plus the CAs of a
/// PEM bundle (a cluster's own CA, <c>Impala.TlsCaFile</c>), plus one certificate pinned by its
/// SHA-256 fingerprint (<c>Impala.TlsPinnedSha256</c>, e.g. a self-signed one, trusted on purpose).
/// Anything else is refused, and <see cref="Refusal"/> says why in words an operator can act on.
/// </summary>
public sealed class ServerCertificatePolicy
{
    readonly X509Certificate2Collection? authorities;
    readonly byte[]? pin;

    public ServerCertificatePolicy(string? caFile, string? pinnedSha256)
    {
        if (!string.IsNullOrWhiteSpace(caFile))
        {
            if (!File.Exists(caFile)) throw new ArgumentException($"Impala.TlsCaFile {caFile} does not exist");
            authorities = [];
            try { authorities.ImportFromPemFile(caFile); }
            catch (CryptographicException e) { throw new ArgumentException($"Impala.TlsCaFile {caFile} holds no PEM certificate ({e.Message})"); }
            if (authorities.Count == 0) throw new ArgumentException($"Impala.TlsCaFile {caFile} holds no PEM certificate");
        }
        if (!string.IsNullOrWhiteSpace(pinnedSha256))
        {
            var hex = pinnedSha256.Replace(":", "").Replace(" ", "");
            try { pin = Convert.FromHexString(hex); }
            catch (FormatException) { pin = null; }
            if (pin is not { Length: 32 })
                throw new ArgumentException($"Impala.TlsPinnedSha256 must be a SHA-256 fingerprint (64 hex digits, colons allowed), got '{pinnedSha256}'");
        }
    }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? Refusal { get; private set; }

    public RemoteCertificateValidationCallback Callback => Validate;

    public static string Fingerprint(X509Certificate certificate) =>
        string.Join(':', SHA256.HashData(certificate.GetRawCertData()).Select(b => b.ToString("X2")));

    bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Refusal = "the server sent no certificate";
            return false;
        }
        if (pin is not null)
        {
            if (SHA256.HashData(certificate.GetRawCertData()).AsSpan().SequenceEqual(pin)) return Accept();
            return Refuse($"its SHA-256 fingerprint {Fingerprint(certificate)} is not the one pinned in Impala.TlsPinnedSha256");
        }
        if (errors == SslPolicyErrors.None) return Accept();
        // With a CA bundle, trust is decided by a chain to it; the platform's chain only knows the system store.
        var statuses = authorities is null ? chain?.ChainStatus ?? [] : ChainToAuthorities(certificate);
        var trusted = authorities is not null && statuses.Length == 0;
        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && trusted) return Accept();
        using var leaf = new X509Certificate2(certificate);
        var reasons = new List<string>();
        var misnamed = errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch);
        if (misnamed)
            reasons.Add($"its name does not match the host (it is for {leaf.GetNameInfo(X509NameType.DnsName, false)})");
        if (leaf.NotAfter < DateTime.Now) reasons.Add($"it expired on {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        else if (leaf.NotBefore > DateTime.Now) reasons.Add($"it is not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
        // An expiry is named above; what else the chain says is about trust.
        var distrust = statuses.Where(s => s.Status != X509ChainStatusFlags.NotTimeValid).Select(s => s.StatusInformation.Trim()).Distinct().ToList();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) && !trusted && (distrust.Count > 0 || reasons.Count == 0))
            reasons.Add(distrust.Count > 0 ? $"it is not trusted ({string.Join("; ", distrust)})" : "it is not trusted");
        return Refuse($"{string.Join(" and ", reasons)}; SHA-256 {Fingerprint(certificate)}. "
            + (misnamed ? "Connect by a name it holds (Impala.Host), trust its CA with Impala.TlsCaFile, " : "Trust its CA with Impala.TlsCaFile, ")
            + "or pin this certificate on purpose with Impala.TlsPinnedSha256");
    }

    /// <summary>Why the certificate does not chain to the CA bundle; empty when it does.</summary>
    X509ChainStatus[] ChainToAuthorities(X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf) ? [] : chain.ChainStatus;
    }

    bool Accept()
    {
        Refusal = null;
        return true;
    }

    bool Refuse(string why)
    {
        Refusal = $"the server's TLS certificate was refused: {why}";
        return false;
    }
}
