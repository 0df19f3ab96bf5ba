using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A TCP relay in front of the local engine that runs an action (e.g. kill the engine) the first
/// time the client sends bytes containing a marker — a statement's text travels as UTF-8 inside
/// the Thrift message — before those bytes are forwarded. A test can so stop the engine at an
/// exact point of an offload, whatever the machine's speed.
/// </summary>
sealed class EngineTripwire : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly Func<int> enginePort;
    readonly byte[] marker;
    readonly Func<Task> action;
    readonly CancellationTokenSource stop = new();
    readonly List<TcpClient> clients = [];
    readonly Task accepting;
    int tripped;

    public EngineTripwire(Func<int> enginePort, string marker, Func<Task> action)
    {
        (this.enginePort, this.marker, this.action) = (enginePort, Encoding.UTF8.GetBytes(marker), action);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public bool Tripped => Volatile.Read(ref tripped) == 1;

    async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                var server = new TcpClient();
                try { await server.ConnectAsync(IPAddress.Loopback, enginePort(), stop.Token); }
                catch (SocketException) { client.Dispose(); server.Dispose(); continue; } // the engine is down: refuse, as it would
                lock (clients) clients.AddRange([client, server]);
                _ = RelayAsync(client, server, watch: true);
                _ = RelayAsync(server, client, watch: false);
            }
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    async Task RelayAsync(TcpClient from, TcpClient to, bool watch)
    {
        var buffer = new byte[1 << 16];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var n = await input.ReadAsync(buffer, stop.Token);
                if (n == 0) break;
                if (watch && !Tripped && buffer.AsSpan(0, n).IndexOf(marker) >= 0 && Interlocked.Exchange(ref tripped, 1) == 0)
                {
                    await action();
                    break; // the engine is gone: these bytes never reach it
                }
                await output.WriteAsync(buffer.AsMemory(0, n), stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        lock (clients) foreach (var c in clients) c.Dispose();
        try { await accepting; } catch { }
        stop.Dispose();
    }
}
