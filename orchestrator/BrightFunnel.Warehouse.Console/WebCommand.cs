using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Web.Auth;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw web user add|list|remove</c> and <c>bfw web token add|list|remove</c>: who may read a tenant's
/// dashboard and API (<c>bfw web site …</c>, the collector's site keys, is <see cref="WebSiteCommand"/>).
/// A password or token is printed once and stored only as a hash in bf_web; listings never show one.
/// A removal, like a password reset, ends the login's sessions or refuses the token on the next request.
/// </summary>
sealed class WebCommand(WarehouseSettings settings, BfwConsole console)
{
    public const string Usage = "usage: bfw web user add <tenant> <email> | web user list [<tenant>] [--json] | web user remove <tenant> <email> [--yes]"
        + " | web token add <tenant> [--expires 90d|never] | web token list [<tenant>] [--json] | web token remove <tenant> <token-id> [--yes]"
        + " | web site add|list|remove <tenant> …";

    /// <summary>A token lives this long unless <c>--expires</c> says otherwise.</summary>
    public const string DefaultExpiry = "90d";

    public int Run(CommandArgs args)
    {
        if (args.Positionals.FirstOrDefault() == "site") return new WebSiteCommand(settings, console).Run(args);
        var what = $"{args.OptionalPositional(0)} {args.OptionalPositional(1)}";
        try
        {
            return what switch
            {
                "user add" => AddUser(args),
                "user list" => ListUsers(args),
                "user remove" => RemoveUser(args),
                "token add" => AddToken(args),
                "token list" => ListTokens(args),
                "token remove" => RemoveToken(args),
                _ => throw new BadInputException(Usage),
            };
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    WebLogins Logins => new(settings.Web.ConnectionString);
    ApiTokens Tokens => new(settings.Web.ConnectionString);

    /// <summary>A login or token of a tenant that does not exist would open an empty dashboard: refused (after the usage is checked).</summary>
    void MustExist(TenantId tenant) => new TenantDirectory(settings).GetTenant(tenant);

    /// <summary>An optional tenant filter of a listing; not checked against the directory, so a removed tenant's leftovers still show.</summary>
    static string? TenantFilter(CommandArgs args) => args.OptionalPositional(2) is { } t ? TenantId.Parse(t).Value : null;

    int AddUser(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var email = args.Positional(3, "e-mail");
        args.RejectUnused();
        MustExist(tenant);
        var (password, created) = Logins.SetPassword(tenant.Value, email);
        var login = WebLogins.NormalizeEmail(email);
        console.Print(created ? $"login {login} created for tenant {tenant}" : $"login {login} of tenant {tenant}: password reset, its sessions ended");
        console.Print("it must be changed at the first sign-in");
        console.Print($"password (shown once): {password}");
        return BfwConsole.Ok;
    }

    int ListUsers(CommandArgs args)
    {
        var tenant = TenantFilter(args);
        var json = args.Switch("json");
        args.RejectUnused();
        var users = Logins.List(tenant);
        if (json)
        {
            console.PrintJson(users.Select(u => new
            {
                tenant = u.Tenant, email = u.Email, createdAt = u.CreatedAt, passwordSetAt = u.PasswordSetAt,
                mustChangePassword = u.MustChangePassword, sessions = u.Sessions,
            }));
            return BfwConsole.Ok;
        }
        var table = new TextTable("tenant", "login", "created", "password set", "must change", "sessions");
        foreach (var u in users) table.Add(u.Tenant, u.Email, u.CreatedAt, u.PasswordSetAt, u.MustChangePassword ? "yes" : "no", u.Sessions);
        console.Print(users.Count == 0 ? $"no logins{(tenant is null ? "" : $" of {tenant}")}" : table.ToString());
        return BfwConsole.Ok;
    }

    int RemoveUser(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var email = WebLogins.NormalizeEmail(args.Positional(3, "e-mail"));
        var yes = args.Switch("yes");
        args.RejectUnused();
        if (Logins.List(tenant.Value).All(u => u.Email != email)) throw new BadInputException($"tenant {tenant} has no login {email}");
        console.Confirm($"remove login {email} of {tenant} (its sessions end at once)", email, yes);
        Logins.Remove(tenant.Value, email);
        console.Print($"login {email} removed from {tenant}; its sessions ended");
        return BfwConsole.Ok;
    }

    int AddToken(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var expires = ApiTokens.ParseExpiry(args.Option("expires", DefaultExpiry), DateTime.UtcNow);
        args.RejectUnused();
        MustExist(tenant);
        var token = Tokens.Add(tenant.Value, expires);
        console.Print($"API token for tenant {tenant}, {(expires is { } at ? $"expires {at:yyyy-MM-dd HH:mm} UTC" : "never expires")} (shown once; send it as Authorization: Bearer <token>):");
        console.Print(token);
        return BfwConsole.Ok;
    }

    int ListTokens(CommandArgs args)
    {
        var tenant = TenantFilter(args);
        var json = args.Switch("json");
        args.RejectUnused();
        var now = DateTime.UtcNow;
        var tokens = Tokens.List(tenant);
        if (json)
        {
            console.PrintJson(tokens.Select(t => new { tenant = t.Tenant, id = ApiTokens.TokenPrefix + t.Id, createdAt = t.CreatedAt, expiresAt = t.ExpiresAt, expired = t.Expired(now) }));
            return BfwConsole.Ok;
        }
        var table = new TextTable("tenant", "token", "created", "expires", "state");
        foreach (var t in tokens)
            table.Add(t.Tenant, ApiTokens.Display(t.Id), t.CreatedAt, t.ExpiresAt?.ToString("yyyy-MM-dd HH:mm:ss") ?? "never", t.Expired(now) ? "expired" : "valid");
        console.Print(tokens.Count == 0 ? $"no API tokens{(tenant is null ? "" : $" of {tenant}")}" : table.ToString());
        return BfwConsole.Ok;
    }

    int RemoveToken(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var id = args.Positional(3, "token id (as bfw web token list shows it)");
        var yes = args.Switch("yes");
        args.RejectUnused();
        // The confirmation names the id only: the whole token, if typed, is not echoed back.
        var shown = id.StartsWith(ApiTokens.TokenPrefix, StringComparison.Ordinal) && id.Length > ApiTokens.TokenPrefix.Length + ApiTokens.IdLength
            ? ApiTokens.Display(id[ApiTokens.TokenPrefix.Length..][..ApiTokens.IdLength]) : id;
        console.Confirm($"remove API token {shown} of {tenant} (refused from the next request on)", id, yes);
        if (!Tokens.Remove(tenant.Value, id)) throw new BadInputException($"tenant {tenant} has no API token {shown}");
        console.Print($"API token {shown} of {tenant} removed");
        return BfwConsole.Ok;
    }
}
