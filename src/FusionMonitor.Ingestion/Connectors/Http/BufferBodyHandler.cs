namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary>
/// Reads the whole response body inside the handler chain. HttpClient would otherwise buffer it after the resilience
/// pipeline has returned, outside every timeout: a server that sends its headers and then stalls would hang the job.
/// Bodies larger than the limit fail (a runaway feed must not exhaust memory).
/// </summary>
internal sealed class BufferBodyHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(maxBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
