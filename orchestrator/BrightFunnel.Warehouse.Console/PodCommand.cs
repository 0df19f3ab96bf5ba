using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw pod add|list|remove</c>.</summary>
sealed class PodCommand(TenantDirectory directory, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        switch (args.Positional(0, "pod action (add, list, remove or rekey)"))
        {
            case "add":
            {
                var name = args.Positional(1, "pod name");
                var connection = args.RequiredOption("connection");
                var max = args.IntOption("max-concurrent", Pod.DefaultMaxConcurrent, 1, 1000);
                var replace = args.Switch("replace");
                var force = args.Switch("force");
                args.RejectUnused();
                var registration = directory.AddPod(name, connection, max, replace, verifyConnection: !force);
                console.Print($"{registration.Describe($"pod {name}")} ({Secrets.MaskPasswords(connection)}, max {max} concurrent cycles)");
                return BfwConsole.Ok;
            }
            case "remove":
            {
                var name = args.Positional(1, "pod name");
                var yes = args.Switch("yes");
                args.RejectUnused();
                directory.GetPod(name);
                console.Confirm($"remove pod {name}", name, yes);
                directory.RemovePod(name);
                console.Print($"pod {name} removed");
                return BfwConsole.Ok;
            }
            case "list":
            {
                var json = args.Switch("json");
                args.RejectUnused();
                var pods = directory.Pods();
                if (json) console.PrintJson(pods.Select(p => new { pod = p.PodName, connection = p.MaskedConnectionString, maxConcurrent = p.MaxConcurrent }));
                else
                {
                    var table = new TextTable("pod", "connection", "max concurrent");
                    foreach (var p in pods) table.Add(p.PodName, p.MaskedConnectionString, p.MaxConcurrent);
                    console.Print(table.ToString());
                }
                return BfwConsole.Ok;
            }
            case "rekey":
            {
                // Rotation: a new key seals every pod password again; the old key files can then go.
                var json = args.Switch("json");
                args.RejectUnused();
                var resealed = directory.ResealPasswords(newKey: true);
                var ring = directory.PasswordKeys;
                var current = ring.Current().Id;
                if (json) console.PrintJson(new { key = current, keyRing = ring.Folder, resealed, olderKeys = ring.Ids().Where(id => id != current) });
                else
                {
                    console.Print($"new key {current} in {ring.Folder}; {resealed.Count} pod password(s) sealed with it ({string.Join(", ", resealed)})");
                    var older = ring.Ids().Where(id => id != current).ToList();
                    if (older.Count > 0)
                        console.Print($"no pod needs the older key(s) any more: {string.Join(", ", older)}; remove their files once every host running bfw has the new one");
                }
                return BfwConsole.Ok;
            }
            default: throw new BadInputException("unknown pod action: use add, list, remove or rekey");
        }
    }
}
