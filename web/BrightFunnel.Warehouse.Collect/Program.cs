using BrightFunnel.Warehouse.Collect;
using BrightFunnel.Warehouse.Collect.Spool;

// bfw-collect [--port N] [--bind ADDR]: settings from bfw.json beside the binary or in the working
// directory, then BFW__Collect__* (and BFW__Control__ConnectionString, BFW__Events__SpoolRoot)
// environment variables, as bfw reads them.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "bfw.json"), optional: true)
    .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "bfw.json"), optional: true)
    .AddEnvironmentVariables("BFW__")
    .Build();
var options = configuration.GetSection("Collect").Get<CollectOptions>() ?? new CollectOptions();
if (string.IsNullOrWhiteSpace(options.ConnectionString)) options.ConnectionString = configuration["Control:ConnectionString"] ?? "";
if (configuration["Events:SpoolRoot"] is { Length: > 0 } spoolRoot) options.SpoolRoot = spoolRoot;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
        switch (args[i])
        {
            case "--port":
                var text = Value();
                options.Port = int.TryParse(text, out var port) && port is >= 0 and <= 65535 ? port
                    : throw new ArgumentException($"--port must be an integer between 0 and 65535, got '{text}'");
                break;
            case "--bind": options.Bind = Value(); break;
            default: throw new ArgumentException($"unknown option {args[i]} (usage: bfw-collect [--port N] [--bind ADDR])");
        }
    }
    await using var app = CollectorApp.Build(options);
    var recovered = app.Services.GetRequiredService<SpoolWriters>().Recovered;
    if (recovered.Segments + recovered.EmptyRemoved > 0)
        Console.WriteLine($"bfw-collect: closed {recovered.Segments} segment(s) left open by a crash ({recovered.Events} events, {recovered.TornBytes} torn bytes cut, {recovered.EmptyRemoved} empty removed)");
    await app.StartAsync();
    Console.WriteLine($"bfw-collect listening on {string.Join(", ", app.Urls)}, spool {Path.GetFullPath(options.SpoolRoot)}");
    await app.WaitForShutdownAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bfw-collect: {e.Message}");
    return 2;
}
