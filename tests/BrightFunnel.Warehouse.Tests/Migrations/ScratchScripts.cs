using BrightFunnel.Warehouse.Migrations;

namespace BrightFunnel.Warehouse.Tests.Migrations;

/// <summary>A scripts folder and a database of a test's own, migrated with the scripts the test writes or copies in; disposing removes both.</summary>
sealed class ScratchScripts : IDisposable
{
    public ScratchScripts(string databasePrefix)
    {
        Directory.CreateDirectory(Path.Combine(Folder, "procs"));
        Database = TestServer.UniqueName(databasePrefix);
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("bfw-scripts-").FullName;
    public string Database { get; }

    public void Write(string name, string text) => File.WriteAllText(Path.Combine(Folder, name), text);

    public DatabaseMigrator Migrator() => new(new MigrationTarget("test", TestServer.ConnectionString, Database, Folder));

    public void Dispose()
    {
        TestServer.DropDatabases(Database);
        Directory.Delete(Folder, true);
    }
}
