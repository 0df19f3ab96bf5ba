using System.Collections.Concurrent;
using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>Every open session and operation of the engine, found by handle (id and secret checked).</summary>
sealed class SessionRegistry
{
    readonly ConcurrentDictionary<Guid, EngineSession> sessions = new();
    readonly ConcurrentDictionary<Guid, EngineOperation> operations = new();

    public int SessionCount => sessions.Count;

    public int OperationCount => operations.Count;

    public void Add(EngineSession session) => sessions[session.Handle.Id] = session;

    /// <param name="connectionId">The binary connection asking (0 for HTTP): a session follows the client to a new connection.</param>
    public EngineSession Session(TSessionHandle? handle, long connectionId = 0)
    {
        var id = Handle.IdOf(handle?.SessionId, "session");
        if (!sessions.TryGetValue(id, out var session) || !session.Handle.Matches(handle!.SessionId!))
            throw new EngineException($"Invalid session id: {Convert.ToHexString(id.ToByteArray()).ToLowerInvariant()}");
        Touch(session, connectionId);
        return session;
    }

    static void Touch(EngineSession session, long connectionId)
    {
        session.DisconnectedAt = null;
        if (connectionId != 0 && session.ConnectionId != 0) session.ConnectionId = connectionId;
    }

    public void Add(EngineOperation operation)
    {
        operations[operation.Handle.Id] = operation;
        operation.Session.Operations[operation.Handle.Id] = operation;
    }

    public EngineOperation Operation(TOperationHandle? handle, long connectionId = 0)
    {
        var id = Handle.IdOf(handle?.OperationId, "query");
        if (!operations.TryGetValue(id, out var operation) || !operation.Handle.Matches(handle!.OperationId!))
            throw new EngineException($"Invalid or unknown query handle: {Convert.ToHexString(id.ToByteArray()).ToLowerInvariant()}");
        Touch(operation.Session, connectionId);
        return operation;
    }

    public async Task CloseOperationAsync(EngineOperation operation)
    {
        operations.TryRemove(operation.Handle.Id, out _);
        operation.Session.Operations.TryRemove(operation.Handle.Id, out _);
        await operation.CloseAsync();
    }

    public async Task CloseSessionAsync(EngineSession session)
    {
        if (!sessions.ContainsKey(session.Handle.Id)) return;
        // Its operations go first: whoever sees the session gone (OpenSessions 0) sees its queries gone too.
        foreach (var id in session.Operations.Keys) operations.TryRemove(id, out _);
        if (!sessions.TryRemove(session.Handle.Id, out _)) return; // another closer got there first
        await session.CloseAsync();
    }

    /// <summary>A binary connection ended: its sessions start their disconnected-session countdown.</summary>
    public void ConnectionClosed(long connectionId)
    {
        foreach (var s in sessions.Values)
            if (s.ConnectionId == connectionId) s.DisconnectedAt ??= DateTime.UtcNow;
    }

    /// <summary>Closes sessions whose connection has been gone longer than <paramref name="timeout"/>.</summary>
    public async Task ExpireAsync(TimeSpan timeout)
    {
        var now = DateTime.UtcNow;
        foreach (var s in sessions.Values.Where(s => s.DisconnectedAt is { } at && now - at >= timeout).ToList())
            await CloseSessionAsync(s);
    }

    public void CancelAll()
    {
        foreach (var o in operations.Values) o.Cancel();
    }

    public async Task CloseAllAsync()
    {
        foreach (var s in sessions.Values.ToList()) await CloseSessionAsync(s);
    }
}
