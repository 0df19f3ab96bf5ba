using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// HS2 GetInfo as impalad answers it (impala-hs2-server.cc): "Impala" for the server and DBMS
/// names, the daemon's build version for CLI_DBMS_VER, "Unsupported operation" (SQLSTATE HYC00)
/// for anything else. Clients tell Impala from Hive ("Apache Hive") and Spark ("Spark SQL") by it.
/// </summary>
static class ServerInfo
{
    /// <summary>The build version: GetInfo's CLI_DBMS_VER, and what version() answers after "impalad version " (<see cref="Sql.ImpalaFunctions"/>).</summary>
    public const string BuildVersion = "4.4.0-bfw-local";

    const string NotImplemented = "HYC00";

    public static string Answer(TGetInfoType type) => type switch
    {
        TGetInfoType.CLI_SERVER_NAME or TGetInfoType.CLI_DBMS_NAME => "Impala",
        TGetInfoType.CLI_DBMS_VER => BuildVersion,
        _ => throw new EngineException("Unsupported operation", NotImplemented),
    };
}
