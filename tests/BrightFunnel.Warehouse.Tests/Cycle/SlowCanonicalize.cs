using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// Makes a canonical build procedure start with a statement that runs for minutes while the table
/// bft_slow has a row: the long server-side work of a real tenant, which MariaDB does not abandon
/// when its client dies (a lock wait, it does), and a step that is surely running when a test
/// kills something. It first leaves a shadow table behind, as the real build does.
/// Emptying bft_slow makes the procedure the real one again.
/// </summary>
static class SlowCanonicalize
{
    public const string Procedure = "cn_build_accounts";

    public static void Install(MySqlConnection tenant)
    {
        var create = tenant.QuerySingle<dynamic>($"SHOW CREATE PROCEDURE `{Procedure}`");
        var text = (string)((IDictionary<string, object>)create)["Create Procedure"];
        tenant.Execute(text.Replace($"PROCEDURE `{Procedure}`", $"PROCEDURE `{Procedure}_real`"));
        tenant.Execute($"""
            CREATE TABLE bft_slow (id INT PRIMARY KEY);
            INSERT INTO bft_slow VALUES (1);
            DROP PROCEDURE `{Procedure}`;
            """);
        tenant.Execute($"""
            CREATE PROCEDURE `{Procedure}`(IN p_allow_empty TINYINT)
            BEGIN
              IF EXISTS (SELECT 1 FROM bft_slow) THEN
                CREATE TABLE IF NOT EXISTS cn_accounts_next LIKE cn_accounts;
                DO BENCHMARK(5000000000, MD5('bfw'));
              END IF;
              CALL `{Procedure}_real`(p_allow_empty);
            END
            """);
    }
}
