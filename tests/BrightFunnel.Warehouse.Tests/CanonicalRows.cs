using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// Writes canonical rows straight into a tenant database, so attribution and analytics tests
/// control every input exactly. Short keys become 18-character ids: ("003", "1") → 0031000…0.
/// </summary>
public static class CanonicalRows
{
    public static string Id(string prefix, string key) => key.Length == 18 ? key : (prefix + key).PadRight(18, '0');

    public static void Account(MySqlConnection c, string account, string? tier = null, string? name = null) =>
        c.Execute("INSERT INTO cn_accounts (account_id, name, tier) VALUES (@id, @name, @tier)",
            new { id = Id("001", account), name = name ?? $"Account {account}", tier });

    public static void Campaign(MySqlConnection c, string campaign, string channel, decimal? cost) =>
        c.Execute("INSERT INTO cn_campaigns (campaign_id, name, channel, cost) VALUES (@id, @name, @channel, @cost)",
            new { id = Id("701", campaign), name = $"Campaign {campaign}", channel, cost });

    public static void Person(MySqlConnection c, string person, string? account, string created) =>
        c.Execute("INSERT INTO cn_people (person_id, person_type, account_id, created_date) VALUES (@person, 'contact', @account, @created)",
            new { person = Id("003", person), account = account is null ? null : Id("001", account), created });

    public static void Touch(MySqlConnection c, string touch, string campaign, string person, string date) =>
        c.Execute("INSERT INTO cn_touches (touch_id, campaign_id, person_id, touch_date) VALUES (@touch, @campaign, @person, @date)",
            new { touch = Id("00v", touch), campaign = Id("701", campaign), person = Id("003", person), date });

    /// <summary>An opportunity; fiscal periods are calendar quarters (fiscal year starting in January).</summary>
    public static void Opportunity(MySqlConnection c, string opp, string account, decimal amount, string created, string? close, bool won, bool? closed = null) =>
        c.Execute("""
            INSERT INTO cn_opportunities (opportunity_id, account_id, amount, created_date, close_date, is_closed, is_won,
                                          created_fiscal_year, created_fiscal_quarter, fiscal_year, fiscal_quarter)
            VALUES (@opp, @account, @amount, @created, @close, @closed, @won,
                    YEAR(@created), QUARTER(@created), YEAR(@close), QUARTER(@close))
            """, new { opp = Id("006", opp), account = Id("001", account), amount, created, close, won, closed = closed ?? won });
}
