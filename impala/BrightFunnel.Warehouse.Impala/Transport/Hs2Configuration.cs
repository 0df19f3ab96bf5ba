using Thrift;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>Thrift limits for HS2, shared by the client and the local engine.</summary>
public static class Hs2Configuration
{
    /// <summary>A fetch of many wide rows is one message; Thrift's 100 MB / 16 MB defaults would cut it.</summary>
    public static TConfiguration Create() => new() { MaxMessageSize = int.MaxValue, MaxFrameSize = int.MaxValue };
}
