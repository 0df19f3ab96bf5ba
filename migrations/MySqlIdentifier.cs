namespace BrightFunnel.Warehouse.Migrations;

/// <summary>Quotes MySQL identifiers; every database and table name built at run time goes through it.</summary>
public static class MySqlIdentifier
{
    public static string Quote(string identifier)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Contains('\0'))
            throw new ArgumentException($"Not a valid identifier: '{identifier}'", nameof(identifier));
        return "`" + identifier.Replace("`", "``") + "`";
    }
}
