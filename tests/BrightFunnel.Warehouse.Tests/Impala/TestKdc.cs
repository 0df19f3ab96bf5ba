using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A real MIT KDC (Debian's krb5-kdc, installed by ./run) on loopback with a private realm, its
/// database under a temporary folder: the client principal bfw@BFW.TEST and the engine's
/// impala/localhost@BFW.TEST, each with a keytab. The test process's native KRB5_CONFIG points at
/// it (MIT reads it with getenv), so one KDC serves the whole test assembly.
/// </summary>
sealed class TestKdc : IDisposable
{
    public const string Realm = "BFW.TEST";
    public const string Client = "bfw@" + Realm;
    public const string Service = "impala/localhost@" + Realm;
    /// <summary>The fake namenode's SPNEGO principal (WebHDFS over 127.0.0.1), in the same acceptor keytab as the engine's.</summary>
    public const string WebHdfsService = "HTTP/127.0.0.1@" + Realm;

    static readonly Lazy<TestKdc> Shared = new(() => new TestKdc());
    readonly Process kdc;

    public static TestKdc Instance => Shared.Value;

    public string Folder { get; } = Directory.CreateTempSubdirectory("bfw-kdc-").FullName;
    public string ClientKeytab => Path.Combine(Folder, "bfw.keytab");
    public string ServiceKeytab => Path.Combine(Folder, "impala.keytab");
    public string Config => Path.Combine(Folder, "krb5.conf");

    TestKdc()
    {
        UnitRun.Refuse("a KDC");
        var port = FreePort();
        File.WriteAllText(Config, $"""
            [libdefaults]
              default_realm = {Realm}
              dns_lookup_kdc = false
              dns_lookup_realm = false
              rdns = false
              dns_canonicalize_hostname = false
              udp_preference_limit = 1
            [realms]
              {Realm} = {'{'}
                kdc = 127.0.0.1:{port}
              {'}'}
            """);
        var kdcConf = Path.Combine(Folder, "kdc.conf");
        File.WriteAllText(kdcConf, $"""
            [kdcdefaults]
              kdc_ports = {port}
              kdc_tcp_ports = {port}
            [realms]
              {Realm} = {'{'}
                database_name = {Folder}/principal
                key_stash_file = {Folder}/stash
                acl_file = {Folder}/kadm5.acl
                max_life = 1h
              {'}'}
            """);
        var env = new Dictionary<string, string> { ["KRB5_CONFIG"] = Config, ["KRB5_KDC_PROFILE"] = kdcConf };
        Run(env, "kdb5_util", "create", "-s", "-r", Realm, "-P", Guid.NewGuid().ToString("N"));
        foreach (var (principal, keytab) in new[] { (Client, ClientKeytab), (Service, ServiceKeytab), (WebHdfsService, ServiceKeytab) })
        {
            Run(env, "kadmin.local", "-q", $"addprinc -randkey {principal}");
            Run(env, "kadmin.local", "-q", $"ktadd -k {keytab} {principal}");
        }
        var start = new ProcessStartInfo("krb5kdc", ["-n"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        kdc = Process.Start(start)!;
        NativeEnvironment.Set("KRB5_CONFIG", Config);
        for (var i = 0; i < 100 && !Listening(port); i++) Thread.Sleep(50);
        Assert.IsTrue(Listening(port), "the KDC did not start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>A fresh ticket cache holding the client's ticket (kinit from its keytab), valid for <paramref name="lifetime"/>.</summary>
    public string Kinit(string lifetime = "1h")
    {
        var cache = $"FILE:{Path.Combine(Folder, $"cc_{Guid.NewGuid():N}")}";
        Run(new() { ["KRB5_CONFIG"] = Config, ["KRB5CCNAME"] = cache }, "kinit", "-l", lifetime, "-kt", ClientKeytab, Client);
        return cache;
    }

    public string EmptyCache() => $"FILE:{Path.Combine(Folder, $"cc_{Guid.NewGuid():N}")}";

    static void Run(Dictionary<string, string> env, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env) start.Environment[k] = v;
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { Assert.Fail($"{program} is not installed ({e.Message}): ./run installs krb5-kdc, krb5-admin-server and krb5-user"); throw; }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, $"{program} {string.Join(' ', args)}: {error.Result}");
        }
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    public void Dispose()
    {
        try { if (!kdc.HasExited) kdc.Kill(); } catch (InvalidOperationException) { }
        try { Directory.Delete(Folder, true); } catch (IOException) { }
    }
}
