using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

/// <summary>Pod passwords sealed with the key ring: what is stored, what opens it, and what does not.</summary>
[TestClass]
public sealed class PodPasswordsTests
{
    const string Connection = "Server=db1;Port=3306;User ID=bfw;Password=s3cret;Database=x";
    string folder = "";

    [TestInitialize]
    public void MakeRing() => folder = Path.Combine(Path.GetTempPath(), "bfw-keys-" + Guid.NewGuid().ToString("N"));

    [TestCleanup]
    public void RemoveRing() { if (Directory.Exists(folder)) Directory.Delete(folder, true); }

    [TestMethod]
    public void ASealedPasswordIsNotInTheStoredStringAndOpensBack()
    {
        var passwords = new PodPasswords(new KeyRing(folder));
        var stored = passwords.Seal("pod1", Connection);

        Assert.DoesNotContain("s3cret", stored);
        Assert.IsFalse(PodPasswords.HasClearPassword(stored));
        Assert.AreEqual("db1", new MySqlConnectionStringBuilder(stored).Server, "the rest stays readable");
        Assert.AreEqual("s3cret", new MySqlConnectionStringBuilder(passwords.Open("pod1", stored)).Password);
        Assert.AreNotEqual(stored, passwords.Seal("pod1", Connection), "a fresh nonce each time");
        Assert.AreEqual(stored, passwords.Seal("pod1", stored), "sealing twice keeps the first seal");
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheKeyFileIsTheOwnersOnly()
    {
        new PodPasswords(new KeyRing(folder)).Seal("pod1", Connection);
        var key = Directory.GetFiles(folder).Single();
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [TestMethod]
    public void APasswordSealedForAnotherPodOrAlteredDoesNotOpen()
    {
        var passwords = new PodPasswords(new KeyRing(folder));
        var stored = passwords.Seal("pod1", Connection);

        var moved = Assert.ThrowsExactly<BadInputException>(() => passwords.Open("pod2", stored));
        StringAssert.Contains(moved.Message, "pod pod2: its stored password does not open");
        var builder = new MySqlConnectionStringBuilder(stored);
        var sealedValue = builder.Password;
        builder.Password = sealedValue[..^4] + (sealedValue[^4] == 'A' ? "B" : "A") + sealedValue[^3..];
        Assert.ThrowsExactly<BadInputException>(() => passwords.Open("pod1", builder.ConnectionString));
    }

    [TestMethod]
    public void AMissingKeyIsNamedWithTheRingAndNoSecret()
    {
        var stored = new PodPasswords(new KeyRing(folder)).Seal("pod1", Connection);
        var id = new KeyRing(folder).Ids().Single();
        File.Delete(Path.Combine(folder, id + ".key"));

        var e = Assert.ThrowsExactly<BadInputException>(() => new PodPasswords(new KeyRing(folder)).Open("pod1", stored));
        StringAssert.Contains(e.Message, $"key {id} is not in the key ring {folder} (setting KeyRing)");
        Assert.DoesNotContain("s3cret", e.Message);
    }

    [TestMethod]
    public void AfterRotationNewSealsUseTheNewKeyAndOldSealsStillOpen()
    {
        var ring = new KeyRing(folder);
        var passwords = new PodPasswords(ring);
        var old = passwords.Seal("pod1", Connection);
        var first = ring.Current().Id;
        var second = ring.Rotate();

        Assert.AreNotEqual(first, second);
        Assert.AreEqual(second, ring.Current().Id);
        StringAssert.Contains(passwords.Seal("pod1", Connection), $"bfwkey:{second}:");
        Assert.AreEqual("s3cret", new MySqlConnectionStringBuilder(passwords.Open("pod1", old)).Password);
    }

    [TestMethod]
    public void APasswordStoredInClearBeforeSealingStillOpens() =>
        Assert.AreEqual(Connection, new PodPasswords(new KeyRing(folder)).Open("pod1", Connection));
}
