using Microsoft.AspNetCore.Diagnostics;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// A request the framework could not read (malformed JSON, a body of the wrong shape) is the caller's mistake: a 400
/// Problem Details saying what was wrong, never a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.InnerException?.Message ?? bad.Message },
        });
    }
}
