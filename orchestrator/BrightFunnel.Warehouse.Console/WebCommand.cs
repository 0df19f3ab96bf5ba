using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Web.Auth;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw web user add &lt;tenant&gt; &lt;email&gt;</c> and <c>bfw web token add &lt;tenant&gt;</c>: who may read a
/// tenant's dashboard and API (<c>bfw web site …</c>, the collector's site keys, is <see cref="WebSiteCommand"/>). The password or token is printed once and stored only as a hash in bf_web.
/// </summary>
sealed class WebCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        if (args.Positionals.FirstOrDefault() == "site") return new WebSiteCommand(settings, console).Run(args);
        var what = $"{args.OptionalPositional(0)} {args.OptionalPositional(1)}";
        if (what is not ("user add" or "token add"))
            throw new BadInputException("usage: bfw web user add <tenant> <email> | bfw web token add <tenant> | bfw web site add|list|remove <tenant> …");
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var email = what == "user add" ? args.Positional(3, "e-mail") : null;
        args.RejectUnused();
        // A login for a tenant that does not exist would open an empty dashboard: refuse it.
        new TenantDirectory(settings).GetTenant(tenant);
        var credentials = new WebCredentials(settings.Web.ConnectionString);
        try
        {
            if (email is not null)
            {
                var (password, created) = credentials.SetPassword(tenant.Value, email);
                var login = email.Trim().ToLowerInvariant();
                console.Print(created ? $"login {login} created for tenant {tenant}" : $"login {login} of tenant {tenant}: password reset");
                console.Print($"password (shown once): {password}");
                return BfwConsole.Ok;
            }
            console.Print($"API token for tenant {tenant} (shown once; send it as Authorization: Bearer <token>):");
            console.Print(credentials.AddToken(tenant.Value));
            return BfwConsole.Ok;
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message);
        }
    }
}
