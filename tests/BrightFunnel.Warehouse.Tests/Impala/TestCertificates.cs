using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>A throwaway self-signed certificate for 127.0.0.1, and a client check that trusts exactly it.</summary>
static class TestCertificates
{
    static readonly Lazy<X509Certificate2> Loopback = new(Create);

    public static X509Certificate2 Server => Loopback.Value;

    public static RemoteCertificateValidationCallback TrustOnlyServer =>
        (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == Server.GetCertHashString();

    static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=bfw-local-impala", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // SslStream on Linux wants a certificate whose key came from a PKCS#12 blob.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
