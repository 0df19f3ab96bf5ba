using System.Runtime.InteropServices;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// Sets a variable in the process's native environment. MIT Kerberos (under .NET's
/// NegotiateAuthentication) reads KRB5_CONFIG, KRB5CCNAME, KRB5_CLIENT_KTNAME and KRB5_KTNAME with
/// getenv, which <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change
/// on Unix. Process-wide: one Kerberos identity per process, as with kinit.
/// </summary>
public static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        // Each connection sets its identity again: leave an unchanged variable alone, so a thread of
        // MIT's reading it at that moment never sees it replaced.
        if (Environment.GetEnvironmentVariable(name) == value) return;
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows()) return;
        if (SetEnv(name, value, 1) != 0) throw new InvalidOperationException($"setenv {name} failed (errno {Marshal.GetLastPInvokeError()})");
    }

    public static void Unset(string name)
    {
        if (Environment.GetEnvironmentVariable(name) is null) return;
        Environment.SetEnvironmentVariable(name, null);
        if (!OperatingSystem.IsWindows()) UnsetEnv(name);
    }

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
