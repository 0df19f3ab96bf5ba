using BrightFunnel.Warehouse.Web;

// bfw-web [--port N] [--bind ADDR]: settings from bfw.json beside the binary or in the working
// directory, then BFW__Web__* environment variables, as bfw reads them.
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "bfw.json"), optional: true)
    .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "bfw.json"), optional: true)
    .AddEnvironmentVariables("BFW__")
    .Build();
var options = configuration.GetSection("Web").Get<WebOptions>() ?? new WebOptions();
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
            default: throw new ArgumentException($"unknown option {args[i]} (usage: bfw-web [--port N] [--bind ADDR])");
        }
    }
    var app = WebApp.Build(options);
    await app.StartAsync();
    Console.WriteLine($"bfw-web listening on {string.Join(", ", app.Urls)}");
    await app.WaitForShutdownAsync();
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bfw-web: {e.Message}");
    return 2;
}
