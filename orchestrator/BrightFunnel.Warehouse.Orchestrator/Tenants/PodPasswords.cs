using System.Security.Cryptography;
using System.Text;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// A pod's password as <c>bf_control.pods</c> stores it: sealed with AES-256-GCM under the newest
/// key of the <see cref="KeyRing"/>, the pod's name bound in (a sealed password copied to another
/// pod's row does not open). The rest of the connection string stays readable, so an operator
/// still sees which server and user a pod uses. Stored form: <c>Password=bfwkey:&lt;key id&gt;:&lt;base64 nonce|cipher|tag&gt;</c>.
/// </summary>
public sealed class PodPasswords(KeyRing keys)
{
    const string Prefix = "bfwkey:";

    public KeyRing Keys => keys;

    /// <summary>The connection string with its password sealed (an already sealed or empty one is kept).</summary>
    public string Seal(string podName, string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Password) || IsSealed(builder.Password)) return connectionString;
        var (id, key) = keys.Current();
        var plain = Encoding.UTF8.GetBytes(builder.Password);
        var sealedBytes = new byte[12 + plain.Length + 16];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, 16))
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), Encoding.UTF8.GetBytes(podName));
        builder.Password = $"{Prefix}{id}:{Convert.ToBase64String(sealedBytes)}";
        return builder.ConnectionString;
    }

    /// <summary>The connection string with its password in clear, to connect with; a password stored in clear (before sealing) is returned as is.</summary>
    public string Open(string podName, string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (!IsSealed(builder.Password)) return connectionString;
        var rest = builder.Password[Prefix.Length..];
        var colon = rest.IndexOf(':');
        byte[] sealedBytes;
        try { sealedBytes = colon > 0 ? Convert.FromBase64String(rest[(colon + 1)..]) : []; }
        catch (FormatException) { sealedBytes = []; }
        if (sealedBytes.Length < 28) throw new BadInputException($"pod {podName}: its stored password is damaged (not a sealed value); register it again with pod add --replace");
        var key = keys.Get(rest[..colon]);
        var plain = new byte[sealedBytes.Length - 28];
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plain.Length), sealedBytes.AsSpan(12 + plain.Length), plain, Encoding.UTF8.GetBytes(podName));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BadInputException($"pod {podName}: its stored password does not open with key {rest[..colon]} (altered, or sealed for another pod); register it again with pod add --replace");
        }
        builder.Password = Encoding.UTF8.GetString(plain);
        return builder.ConnectionString;
    }

    public static bool IsSealed(string? password) => password?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>True when the stored connection string carries a password in clear.</summary>
    public static bool HasClearPassword(string connectionString)
    {
        var password = new MySqlConnectionStringBuilder(connectionString).Password;
        return !string.IsNullOrEmpty(password) && !IsSealed(password);
    }
}
