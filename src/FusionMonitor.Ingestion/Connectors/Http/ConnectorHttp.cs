using System.Net;
using System.Text.Json;

namespace FusionMonitor.Ingestion.Connectors.Http;

/// <summary>The few HTTP steps every connector repeats: send, fail loudly on an error status, parse JSON or fail clearly.</summary>
internal static class ConnectorHttp
{
    /// <summary>Named HttpClient of a connector kind; each gets its own resilience pipeline (see <see cref="ConnectorServiceCollectionExtensions"/>).</summary>
    public static string ClientName(string kind) => "connector-" + kind;

    /// <summary>The source a request is sent for: its resilience pipeline (and circuit breaker) is that source's own.</summary>
    public static readonly HttpRequestOptionsKey<long> SourceKey = new("fusion.source-id");

    /// <summary>
    /// Sends and returns the response when it is a success or one of <paramref name="alsoAccept"/>. Any other status
    /// (after the pipeline's retries) throws <see cref="HttpRequestException"/> carrying the status code, so the job
    /// fails and Hangfire retries it.
    /// </summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, SourceDefinition source,
        CancellationToken ct, params HttpStatusCode[] alsoAccept)
    {
        request.Options.Set(SourceKey, source.Id);
        // The body is already buffered inside each attempt (BufferBodyHandler), under the pipeline's timeouts.
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode || alsoAccept.Contains(response.StatusCode)) return response;
        var snippet = await Snippet(response, ct).ConfigureAwait(false);
        response.Dispose();
        throw new HttpRequestException(
            $"{source.Kind} source {source.Id}: HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {Describe(request.RequestUri)}{snippet}",
            null, response.StatusCode);
    }

    /// <summary>Parses a JSON body; a body that is not JSON (an HTML error page, a truncated stream) is a <see cref="ConnectorException"/>.</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, SourceDefinition source, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            var start = System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 80)).ReplaceLineEndings(" ");
            throw new ConnectorException(source.Id, source.Kind, $"response from {Describe(response.RequestMessage?.RequestUri)} is not valid JSON ({ex.Message}); it starts with \"{start}\"", ex);
        }
    }

    /// <summary>The URL without its query string, so API keys and passwords in queries never reach logs.</summary>
    public static string Describe(Uri? uri) => uri is null ? "(unknown)" : uri.GetLeftPart(UriPartial.Path);

    private static async Task<string> Snippet(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            body = body.ReplaceLineEndings(" ").Trim();
            return body.Length == 0 ? "" : ": " + Core.Text.TextCut.Cut(body, 201, "…");
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }
}
