using BrightFunnel.Warehouse.Orchestrator;
using NLog;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

[TestClass]
public sealed class SecretsTests
{
    [TestMethod]
    [DataRow("Server=db;Password=hunter2;Database=x", "Server=db;Password=*****;Database=x")]
    [DataRow("server=db;pwd=hunter2", "server=db;pwd=*****")]
    [DataRow("Server=db; PASSWORD = 'hun;ter2' ;Port=1", "Server=db; PASSWORD = ***** ;Port=1")]
    [DataRow("no secrets here", "no secrets here")]
    public void MasksPasswordsInConnectionStrings(string text, string expected) =>
        Assert.AreEqual(expected, Secrets.MaskPasswords(text));

    [TestMethod]
    public void LogFileNeverHoldsAPassword()
    {
        var dir = Directory.CreateTempSubdirectory("bfw-logs-").FullName;
        try
        {
            Logging.Configure(new LogSettings { Directory = dir, Level = "Info" });
            LogManager.GetLogger("test").Info("connecting with {cs}", "Server=db;User ID=u;Password=hunter2");
            LogManager.GetLogger("test").Error(new InvalidOperationException("failed for Password=hunter2;"), "boom");
            LogManager.Flush();
            var text = string.Concat(Directory.GetFiles(dir).Select(File.ReadAllText));
            StringAssert.Contains(text, "Password=*****");
            Assert.DoesNotContain("hunter2", text);
        }
        finally
        {
            Logging.Configure(TestAssembly.Logs);
            Directory.Delete(dir, true);
        }
    }
}
