namespace FusionMonitor.Web.Hosting;

/// <summary>
/// <c>FusionMonitor.Web --healthcheck [url]</c>: asks a running instance's <c>/healthz</c> and exits 0 when ready, for
/// container health checks in images that carry no curl.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var i = Array.IndexOf(args, "--healthcheck");
        var url = i + 1 < args.Length ? args[i + 1] : "http://localhost:5080/healthz";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"unhealthy: {e.Message}");
            return 1;
        }
    }
}
