using System.Net.Mime;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// What an error status without a body says (issue 20: "an unknown URL shows raw JSON"): a browser asking for a page
/// the dashboard does not have gets a short page in words with a way back; a script, and every API, hub and health
/// path, gets the Problem Details it always did.
/// </summary>
public static class PageNotFound
{
    private static readonly string[] MachinePaths = ["/api", "/hubs", "/openapi", "/healthz", "/livez", "/hangfire"];

    public static IApplicationBuilder UseFusionStatusPages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && WantsPage(http.Request))
            {
                http.Response.ContentType = MediaTypeNames.Text.Html + "; charset=utf-8";
                await http.Response.WriteAsync(
                    """
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Page not found · FusionMonitor</title></head>
                    <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937">
                    <h1>Page not found</h1><p>FusionMonitor has no page at this address. It may have been a link to something since deleted.</p>
                    <p><a href="/">Go to the board</a></p></body></html>
                    """, http.RequestAborted);
                return;
            }
            if (http.RequestServices.GetService<IProblemDetailsService>() is { } problems
                && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } }))
                return;
            http.Response.ContentType = MediaTypeNames.Text.Plain;
            await http.Response.WriteAsync($"Status Code: {http.Response.StatusCode}", http.RequestAborted);
        });

    /// <summary>A browser's GET for a page: it accepts HTML, and the path is none of the machine ones.</summary>
    public static bool WantsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.ToString().Contains(MediaTypeNames.Text.Html, StringComparison.OrdinalIgnoreCase)
        && !MachinePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
