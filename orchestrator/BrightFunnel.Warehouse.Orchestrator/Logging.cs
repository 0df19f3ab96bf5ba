using NLog;
using NLog.Config;
using NLog.LayoutRenderers.Wrappers;
using NLog.Targets;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// NLog set-up: warnings and errors on stderr, everything from Info up in a daily rolling file,
/// and the lines of each run in <c>bf_control.run_logs</c> (see <see cref="RunLogTarget"/>).
/// Every line passes through <c>${masked:…}</c>, so a connection string never leaks a password.
/// </summary>
public static class Logging
{
    const string Line = "${masked:inner=${longdate} ${level:uppercase=true} ${logger:shortName=true} ${scopeproperty:item=tenant:whenEmpty=-} ${scopeproperty:item=run:whenEmpty=-} ${message}${onexception:inner= ${exception:format=message}}}";

    public static void Configure(LogSettings settings)
    {
        LogManager.Setup().SetupExtensions(e => e.RegisterLayoutRenderer<MaskedLayoutRendererWrapper>("masked"));
        var config = new LoggingConfiguration();
        var console = new ConsoleTarget("console") { Layout = Line, StdErr = true };
        var file = new FileTarget("file")
        {
            Layout = Line,
            FileName = Path.Combine(settings.Directory, "bfw-${shortdate}.log"),
            ArchiveAboveSize = 50 * 1024 * 1024,
            MaxArchiveFiles = 14,
        };
        config.AddRule(LogLevel.Warn, LogLevel.Fatal, console);
        config.AddRule(LogLevel.FromString(settings.Level), LogLevel.Fatal, file);
        config.AddRule(LogLevel.Info, LogLevel.Fatal,
            new RunLogTarget { Name = "runs", Layout = "${message}${onexception:inner= ${exception:format=message}}" });
        LogManager.Configuration = config;
    }
}

/// <summary><c>${masked:inner=…}</c>: the inner layout with passwords replaced.</summary>
public sealed class MaskedLayoutRendererWrapper : WrapperLayoutRendererBase
{
    protected override string Transform(string text) => Secrets.MaskPasswords(text);
}
