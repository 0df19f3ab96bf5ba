using MySqlConnector;

namespace BrightFunnel.Warehouse.Web.Auth;

/// <summary>Opens bf_web for the credential stores (logins, tokens, sessions); the console uses them too.</summary>
public sealed class WebDatabase(string connectionString)
{
    public string ConnectionString => connectionString;

    public MySqlConnection Open()
    {
        var c = new MySqlConnection(connectionString);
        c.Open();
        return c;
    }

    public async Task<MySqlConnection> OpenAsync()
    {
        var c = new MySqlConnection(connectionString);
        await c.OpenAsync();
        return c;
    }
}
