using System.Buffers.Binary;
using System.Text;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// Reads the principal names out of MIT's keytab and FILE ticket-cache formats (both documented in
/// MIT's keytab_file_format and ccache_file_format), so a message can name whose ticket is missing
/// and a keytab can be checked for the principal it must hold. Only names are read: key material is
/// skipped, never returned.
/// </summary>
public static class KerberosFiles
{
    /// <summary>Every principal with a key in the keytab, in file order (MIT's default identity is the first).</summary>
    /// <exception cref="InvalidDataException">the file is not a version 2 keytab.</exception>
    public static IReadOnlyList<string> KeytabPrincipals(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 2 || data[0] != 5 || data[1] != 2) throw new InvalidDataException($"{path} is not a Kerberos keytab (version 0x0502)");
        try { return Principals(data) ?? throw Truncated(path); }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw Truncated(path);
        }
    }

    static InvalidDataException Truncated(string path) => new($"{path} is a truncated Kerberos keytab");

    /// <returns>null when an entry runs past the end of the file.</returns>
    static List<string>? Principals(byte[] data)
    {
        var names = new List<string>();
        for (var at = 2; at + 4 <= data.Length;)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(at));
            at += 4;
            if (size == 0) break;
            // A negative size is a deleted entry (a hole) of that many bytes.
            if (at + Math.Abs((long)size) > data.Length) return null;
            if (size > 0)
            {
                var entry = new Reader(data.AsSpan(at, size).ToArray());
                var components = entry.UInt16();
                var realm = entry.Counted16();
                var parts = Enumerable.Range(0, components).Select(_ => entry.Counted16()).ToArray();
                var name = $"{string.Join('/', parts)}@{realm}";
                if (!names.Contains(name)) names.Add(name);
            }
            at += Math.Abs(size);
        }
        return names;
    }

    /// <summary>The default principal of a <c>FILE:</c> ticket cache, or null for another cache type, a missing or unreadable file.</summary>
    public static string? CachePrincipal(string? cache)
    {
        if (cache is null) return null;
        var path = cache.StartsWith("FILE:", StringComparison.Ordinal) ? cache[5..] : cache.Contains(':') ? null : cache;
        if (path is null || !File.Exists(path)) return null;
        try
        {
            var r = new Reader(File.ReadAllBytes(path));
            if (r.Byte() != 5) return null;
            var version = r.Byte();
            if (version is not (3 or 4)) return null;
            if (version == 4) r.Skip(r.UInt16()); // header tags (KDC time offset)
            r.UInt32(); // name type
            var components = (int)r.UInt32();
            var realm = r.Counted32();
            return $"{string.Join('/', Enumerable.Range(0, components).Select(_ => r.Counted32()))}@{realm}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Big-endian fields of MIT's file formats.</summary>
    sealed class Reader(byte[] data)
    {
        int at;

        public byte Byte() => data[at++];
        public ushort UInt16() { var v = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)); at += 2; return v; }
        public uint UInt32() { var v = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at)); at += 4; return v; }
        public void Skip(int n) => at += n;
        public string Counted16() => Text(UInt16());
        public string Counted32() => Text((int)UInt32());

        string Text(int length)
        {
            var s = Encoding.UTF8.GetString(data.AsSpan(at, length));
            at += length;
            return s;
        }
    }
}
