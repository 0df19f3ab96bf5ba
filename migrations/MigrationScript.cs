using System.Security.Cryptography;
using System.Text;
using DbUp.Engine;
using DbUp.Support;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// The two kinds of script a database has: versioned schema changes run once, in order;
/// procedures are re-applied whenever their text changes.
/// </summary>
public enum ScriptKind { Versioned, Procedure }

public static class MigrationScript
{
    public const string ProceduresFolder = "procs";

    public static ScriptKind KindOf(SqlScript script) =>
        script.SqlScriptOptions.ScriptType == ScriptType.RunAlways ? ScriptKind.Procedure : ScriptKind.Versioned;

    public static string Checksum(string contents) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contents)));

    public static string Checksum(SqlScript script) => Checksum(script.Contents);
}
