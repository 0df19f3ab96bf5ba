using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;

namespace BrightFunnel.Warehouse.Impala.Engine;

/// <summary>What every connection of one engine shares: its database, its sessions, its options.</summary>
sealed class EngineContext(EngineCatalog catalog, LocalImpalaEngineOptions options)
{
    public EngineCatalog Catalog { get; } = catalog;

    public SessionRegistry Sessions { get; } = new();

    public LocalImpalaEngineOptions Options { get; } = options;

    /// <summary>Where client statements are logged, when <see cref="LocalImpalaEngineOptions.StatementLog"/> asks for it.</summary>
    public StatementLog? StatementLog { get; } = StatementLog.Open(options.StatementLog);
}

/// <summary>One client connection, as the HS2 service sees it.</summary>
sealed class ConnectionContext(long id, bool isHttp)
{
    public long Id { get; } = id;

    /// <summary>HTTP sessions are not tied to a TCP connection (clients reconnect at will).</summary>
    public bool IsHttp { get; } = isHttp;

    /// <summary>The user that SASL PLAIN or HTTP Basic authenticated, if any.</summary>
    public string? AuthenticatedUser { get; set; }
}
