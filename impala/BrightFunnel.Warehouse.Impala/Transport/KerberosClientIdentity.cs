namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// The Kerberos identity a connection authenticates as: a client keytab (with, optionally, the
/// principal it must hold) or a ticket cache. MIT's GSSAPI takes it from the native environment
/// (<see cref="NativeEnvironment"/>), so <see cref="Apply"/> points KRB5_CLIENT_KTNAME and KRB5CCNAME
/// at it before each context is made.
/// </summary>
public sealed class KerberosClientIdentity(string? principal, string? keytab, string? ticketCache)
{
    /// <summary>The process's own cache setting, restored for an identity that names none.</summary>
    static readonly string? SystemCache = Environment.GetEnvironmentVariable("KRB5CCNAME");

    public string? Keytab { get; } = keytab is { Length: > 0 } ? keytab : null;
    public string? TicketCache { get; } = ticketCache is { Length: > 0 } ? ticketCache : null;
    string? Principal { get; } = principal is { Length: > 0 } ? principal : null;

    /// <summary>
    /// Points MIT Kerberos at this identity. With a keytab and no cache, tickets go to a cache of the
    /// process's own (MEMORY:), so an operator's kinit as someone else does not take the keytab's place.
    /// </summary>
    /// <exception cref="KerberosIdentityException">the keytab is unreadable, or does not start with the principal.</exception>
    public void Apply()
    {
        if (Keytab is not null)
        {
            var holds = Check();
            NativeEnvironment.Set("KRB5_CLIENT_KTNAME", Keytab);
            NativeEnvironment.Set("KRB5CCNAME", TicketCache ?? $"MEMORY:bfw-{holds[0]}");
            return;
        }
        // A keytab set for an earlier connection must not stand in for a missing ticket.
        NativeEnvironment.Unset("KRB5_CLIENT_KTNAME");
        if ((TicketCache ?? SystemCache) is { } cache) NativeEnvironment.Set("KRB5CCNAME", cache);
        else NativeEnvironment.Unset("KRB5CCNAME");
    }

    /// <summary>The keytab's principals, when it can serve as this identity: readable, not empty, starting with the principal set.</summary>
    /// <exception cref="KerberosIdentityException">it cannot; the message names Impala.Keytab (and Impala.KerberosPrincipal).</exception>
    public IReadOnlyList<string> Check()
    {
        if (Keytab is null) return [];
        var holds = KeytabPrincipals();
        if (holds.Count == 0) throw new KerberosIdentityException($"Kerberos: Impala.Keytab {Keytab} holds no key");
        // MIT takes a client keytab's first principal when the cache names none.
        if (Principal is not null && holds[0] != Principal)
            throw new KerberosIdentityException(holds.Contains(Principal)
                ? $"Kerberos: Impala.Keytab {Keytab} holds Impala.KerberosPrincipal {Principal} but not first (it starts with {holds[0]}), and Kerberos uses the first: make a keytab for {Principal} alone (ktutil)"
                : $"Kerberos: Impala.Keytab {Keytab} holds no key for Impala.KerberosPrincipal {Principal} (it holds {string.Join(", ", holds)})");
        return holds;
    }

    /// <summary>The cache tickets are taken from, for messages.</summary>
    public string Cache => TicketCache ?? (Keytab is null ? SystemCache : null) ?? Environment.GetEnvironmentVariable("KRB5CCNAME") ?? "the default ticket cache";

    /// <summary>Whose ticket it is, for messages: the principal set, else the keytab's first, else the cache's; never a key.</summary>
    public string Name()
    {
        if (Principal is not null) return Principal;
        if (Keytab is not null) return KeytabPrincipals().FirstOrDefault() ?? "the keytab's principal";
        return KerberosFiles.CachePrincipal(Cache) ?? "the client";
    }

    /// <summary>The setting to fix when no ticket could be had.</summary>
    public string Fix => Keytab is not null ? $"check Impala.Keytab {Keytab}" : $"run kinit{(Principal is null ? "" : $" {Principal}")}, or set Impala.Keytab";

    IReadOnlyList<string> KeytabPrincipals()
    {
        try { return KerberosFiles.KeytabPrincipals(Keytab!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new KerberosIdentityException($"Kerberos: Impala.Keytab {Keytab} cannot be read: {e.Message}");
        }
    }
}

/// <summary>The configured Kerberos identity cannot be used (the message names the setting); nothing was sent.</summary>
public sealed class KerberosIdentityException(string message) : Exception(message);
