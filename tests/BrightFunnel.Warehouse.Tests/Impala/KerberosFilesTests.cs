using System.Buffers.Binary;
using System.Text;
using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// Principal names out of MIT's keytab and FILE ccache formats, on files written here byte by byte
/// from MIT's format descriptions (keytab_file_format, ccache_file_format); the integration tests read
/// the ones kadmin.local and kinit make.
/// </summary>
[TestClass]
public sealed class KerberosFilesTests
{
    static readonly string Folder = Directory.CreateTempSubdirectory("bfw-krbfiles-").FullName;

    static byte[] U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); return b; }
    static byte[] U32(long v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); return b; }
    static byte[] Counted16(string s) => [.. U16(Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)];
    static byte[] Counted32(string s) => [.. U32(Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)];

    static byte[] KeytabEntry(string realm, string[] components, byte keyByte, int enctype)
    {
        byte[] body = [.. U16(components.Length), .. Counted16(realm), .. components.SelectMany(Counted16), .. U32(1), .. U32(0x5f000000), 2,
            .. U16(enctype), .. U16(16), .. Enumerable.Repeat(keyByte, 16), .. U32(2)];
        return [.. U32(body.Length), .. body];
    }

    static string Write(string name, byte[] data)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    [TestMethod]
    public void AKeytabsPrincipalsInFileOrderOncePerPrincipalSkippingHoles()
    {
        byte[] hole = [.. U32(unchecked((uint)-8)), .. new byte[8]];
        var keytab = Write("two.keytab", [5, 2,
            .. KeytabEntry("EXAMPLE.COM", ["bfw"], 0xAB, 18), .. hole, .. KeytabEntry("EXAMPLE.COM", ["bfw"], 0xAC, 17),
            .. KeytabEntry("EXAMPLE.COM", ["impala", "node1.example.com"], 0xAD, 18)]);
        CollectionAssert.AreEqual(new[] { "bfw@EXAMPLE.COM", "impala/node1.example.com@EXAMPLE.COM" }, KerberosFiles.KeytabPrincipals(keytab).ToArray());
    }

    [TestMethod]
    public void NotAKeytabOrATruncatedOneIsNamed()
    {
        var text = Write("krb5.conf", "[libdefaults]\n"u8.ToArray());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => KerberosFiles.KeytabPrincipals(text)).Message, $"{text} is not a Kerberos keytab");
        var whole = KeytabEntry("EXAMPLE.COM", ["bfw"], 0xAB, 18);
        var truncated = Write("cut.keytab", [5, 2, .. whole.AsSpan(0, 4), .. U16(1), .. U16(11), .. "EXA"u8.ToArray()]);
        Assert.AreEqual($"{truncated} is a truncated Kerberos keytab", Assert.ThrowsExactly<InvalidDataException>(() => KerberosFiles.KeytabPrincipals(truncated)).Message);
    }

    [TestMethod]
    public void AFileCachesDefaultPrincipalInVersion4And3()
    {
        byte[] principal = [.. U32(1), .. U32(2), .. Counted32("BFW.TEST"), .. Counted32("bfw"), .. Counted32("admin")];
        var v4 = Write("cc4", [5, 4, .. U16(12), .. U16(1), .. U16(8), .. new byte[8], .. principal]);
        Assert.AreEqual("bfw/admin@BFW.TEST", KerberosFiles.CachePrincipal($"FILE:{v4}"));
        var v3 = Write("cc3", [5, 3, .. principal]);
        Assert.AreEqual("bfw/admin@BFW.TEST", KerberosFiles.CachePrincipal(v3), "a bare path is a FILE cache");
    }

    [TestMethod]
    public void ACacheItCannotReadHasNoPrincipal()
    {
        Assert.IsNull(KerberosFiles.CachePrincipal($"FILE:{Path.Combine(Folder, "absent")}"));
        Assert.IsNull(KerberosFiles.CachePrincipal("MEMORY:bfw"));
        Assert.IsNull(KerberosFiles.CachePrincipal("KEYRING:persistent:0"));
        Assert.IsNull(KerberosFiles.CachePrincipal($"FILE:{Write("short", [5, 4, .. U16(40)])}"));
    }
}
