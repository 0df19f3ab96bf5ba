using System.Globalization;
using System.Security.Cryptography;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The keys that encrypt secrets stored in <c>bf_control</c> (pod passwords), kept in a folder
/// outside the database (setting <c>KeyRing</c>): whoever reads a database dump or a backup has no
/// key. One file per key, <c>&lt;id&gt;.key</c>, 32 random bytes in base64, readable by the owner
/// only; the newest seals new secrets, every key present can open what it sealed. A key is
/// created on first need; <see cref="Rotate"/> adds a newer one.
/// </summary>
public sealed class KeyRing(string folder)
{
    const string Extension = ".key";

    public string Folder => folder;

    /// <summary>The newest key, created when the ring has none.</summary>
    public (string Id, byte[] Key) Current()
    {
        var newest = Ids().LastOrDefault();
        return newest is null ? Create() : (newest, Get(newest));
    }

    /// <summary>A new key, newer than every other: from now on it seals.</summary>
    public string Rotate() => Create().Id;

    public byte[] Get(string id)
    {
        if (!IdPattern(id)) throw new BadInputException($"a sealed secret names the key '{id}', which is not a key id of this ring");
        var path = Path.Combine(folder, id + Extension);
        if (!File.Exists(path))
            throw new BadInputException($"key {id} is not in the key ring {folder} (setting KeyRing): restore its file from your key backup, or register the secret again");
        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == 32 ? key : throw new BadInputException($"key file {path} does not hold a 256-bit key");
    }

    /// <summary>The ids present, oldest first (ids are UTC times, so they sort by age).</summary>
    public IReadOnlyList<string> Ids() => Directory.Exists(folder)
        ? Directory.GetFiles(folder, "*" + Extension).Select(Path.GetFileNameWithoutExtension).OfType<string>().Where(IdPattern).Order(StringComparer.Ordinal).ToList()
        : [];

    (string Id, byte[] Key) Create()
    {
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var id = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture);
        var key = RandomNumberGenerator.GetBytes(32);
        var path = Path.Combine(folder, id + Extension);
        // Written under a name no reader lists, then renamed: a process that finds the key file
        // (another test class, another node) never reads it half written.
        var partial = Path.Combine(folder, $"{id}.partial-{Guid.NewGuid():N}");
        using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
        {
            // Owner-only before a byte of the key is written.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(key));
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: false);
        return (id, key);
    }

    /// <summary>An id is the key's creation time, <c>yyyyMMddTHHmmssfffffffZ</c>.</summary>
    static bool IdPattern(string id) => id.Length == 23 && id[8] == 'T' && id[22] == 'Z' && id.Where((_, i) => i is not (8 or 22)).All(char.IsAsciiDigit);
}
