using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Throwaway self-signed certificates (for 127.0.0.1, expired, for another host), and a client check that trusts exactly the first.</summary>
static class TestCertificates
{
    static readonly Lazy<X509Certificate2> Loopback = new(() => Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), loopback: true));
    static readonly Lazy<X509Certificate2> Outdated = new(() => Create(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1), loopback: true));
    static readonly Lazy<X509Certificate2> Elsewhere = new(() => Create(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), loopback: false));

    public static X509Certificate2 Server => Loopback.Value;

    /// <summary>For 127.0.0.1, but its validity ended yesterday.</summary>
    public static X509Certificate2 Expired => Outdated.Value;

    /// <summary>Valid, but for <see cref="OtherHost"/> only.</summary>
    public static X509Certificate2 ForOtherHost => Elsewhere.Value;

    public const string OtherHost = "impala-coordinator.example.com";

    public static RemoteCertificateValidationCallback TrustOnlyServer =>
        (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == Server.GetCertHashString();

    static X509Certificate2 Create(DateTimeOffset notBefore, DateTimeOffset notAfter, bool loopback)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(loopback ? "CN=bfw-local-impala" : $"CN={OtherHost}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        if (loopback)
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
        }
        else names.AddDnsName(OtherHost);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        // SslStream on Linux wants a certificate whose key came from a PKCS#12 blob.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
