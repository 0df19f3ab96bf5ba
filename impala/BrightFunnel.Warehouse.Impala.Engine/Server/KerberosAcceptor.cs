using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// Makes the engine's keytab the process's Kerberos acceptor keytab (MIT reads KRB5_KTNAME with
/// getenv) once it is known to hold the engine's principal, so a wrong keytab is named at start
/// rather than as every client's "GSS initiate failed".
/// </summary>
static class KerberosAcceptor
{
    /// <exception cref="ArgumentException">the keytab is unreadable or lacks the principal; the message names both.</exception>
    public static void Register(LocalImpalaEngineOptions options)
    {
        if (options.KerberosKeytab is not { } keytab)
        {
            if (options.KerberosPrincipal is not null)
                throw new ArgumentException($"Kerberos principal {options.KerberosPrincipal} needs the keytab holding its key (--keytab)");
            return;
        }
        IReadOnlyList<string> holds;
        try { holds = KerberosFiles.KeytabPrincipals(keytab); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new ArgumentException($"Kerberos keytab {keytab} cannot be read: {e.Message}");
        }
        if (options.KerberosPrincipal is { } principal && !holds.Contains(principal))
            throw new ArgumentException($"Kerberos keytab {keytab} holds no key for the engine's principal {principal} (it holds {(holds.Count == 0 ? "none" : string.Join(", ", holds))})");
        NativeEnvironment.Set("KRB5_KTNAME", keytab);
    }
}
