using System.Net.Sockets;
using Thrift;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>A Thrift stream transport that also owns (and closes) the socket under the stream.</summary>
sealed class SocketStreamTransport : TStreamTransport
{
    readonly Stream ownedStream;
    readonly TcpClient socket;

    public SocketStreamTransport(Stream stream, TcpClient socket, TConfiguration config) : base(stream, stream, config)
    {
        ownedStream = stream;
        this.socket = socket;
    }

    public override void Close()
    {
        base.Close();
        ownedStream.Dispose();
        socket.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Close();
        base.Dispose(disposing);
    }
}
