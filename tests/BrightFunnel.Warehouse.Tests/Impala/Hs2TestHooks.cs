using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Raw RPCs our client never sends on its own, to check how the server answers them.</summary>
static class Hs2TestHooks
{
    /// <summary>One raw FetchResults of <paramref name="maxRows"/>, decoded.</summary>
    public static async Task<(Hs2Batch Batch, bool More)> FetchAsync(Hs2Operation op, int maxRows)
    {
        var request = new TFetchResultsReq(op.Handle, TFetchOrientation.FETCH_NEXT, maxRows);
        var response = await op.Session.Connection.CallAsync("FetchResults", false, (c, t) => c.FetchResults(request, t), op.Statement, default);
        Assert.AreEqual(TStatusCode.SUCCESS_STATUS, response.Status!.StatusCode, response.Status.ErrorMessage);
        return (RowSetDecoder.Decode(response.Results, op.Schema), response.HasMoreRows);
    }

    public static async Task FetchFirstAsync(Hs2Operation op)
    {
        var request = new TFetchResultsReq(op.Handle, TFetchOrientation.FETCH_FIRST, 4);
        var response = await op.Session.Connection.CallAsync("FetchResults", false, (c, t) => c.FetchResults(request, t), op.Statement, default);
        if (response.Status!.StatusCode == TStatusCode.ERROR_STATUS)
            throw new Hs2QueryException(response.Status.SqlState, response.Status.ErrorMessage ?? "", op.FirstLine);
    }
}
