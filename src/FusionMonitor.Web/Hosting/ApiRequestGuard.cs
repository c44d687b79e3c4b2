using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FusionMonitor.Core.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace FusionMonitor.Web.Hosting;

/// <summary>
/// What an API or hub request must be before an endpoint sees it, checked once for every endpoint:
/// <list type="bullet">
/// <item>No query value that <see cref="StoredText"/> refuses (a NUL or an unpaired surrogate): 400.</item>
/// <item>With the dashboard's cookie (rather than a key): no request from another origin (403), and no API change
/// (POST, PUT, PATCH, DELETE) without the antiforgery token in the <c>RequestVerificationToken</c> header (403), so no
/// other site can act with a signed-in user's cookie. Scripts authenticate with <c>X-Api-Key</c> and are not affected.</item>
/// <item>An API body is JSON: <c>application/json</c> (or <c>+json</c>) in UTF-8, else 415; its bytes are valid UTF-8,
/// else 400 naming the first bad byte.</item>
/// </list>
/// Runs after authorization, so an anonymous or under-privileged caller hears 401/403 first.
/// </summary>
public static class ApiRequestGuard
{
    public static WebApplication UseFusionApiGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            var api = path.StartsWithSegments("/api");
            if (!api && !path.StartsWithSegments("/hubs"))
            {
                await next(http);
                return;
            }
            if (await CheckAsync(http, api) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
            await next(http);
        });
        return app;
    }

    /// <summary>
    /// The HTTP API's JSON reads strings through <see cref="StoredText"/> too (a NUL anywhere in a body is a 400
    /// naming the field), and a body that does not bind is a 400 Problem Details saying why in every environment (the
    /// framework's default outside Development is a bare 400).
    /// </summary>
    public static WebApplicationBuilder AddFusionRequestRules(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new StorableStringConverter()));
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    private static async Task<IResult?> CheckAsync(HttpContext http, bool api)
    {
        var request = http.Request;
        foreach (var (name, values) in request.Query)
        {
            if (StoredText.Problem("a query parameter name", name) is { } badName) return Invalid("query", badName + ".");
            foreach (var v in values)
                if (StoredText.Problem(name, v) is { } why) return Invalid(name, why + ".");
        }

        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
        {
            if (request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
                return Refuse($"a request from {origin} with this site's sign-in cookie is refused (another site may not act for a signed-in user).");
            if (api && IsChange(request.Method) && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                return Refuse("changes through the API with the dashboard's sign-in cookie need its antiforgery token (header RequestVerificationToken); "
                              + "scripts authenticate with an X-Api-Key instead.");
        }

        if (!api || !CarriesBody(http)) return null;
        if (!IsJson(request.ContentType, out var charsetProblem))
            return TypedResults.Problem(title: "The body must be JSON.",
                detail: charsetProblem ?? $"send it as Content-Type: application/json (got {(string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType)}).",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (await FirstInvalidUtf8Async(request) is { } at)
            return Invalid("body", $"the body is not valid UTF-8 (a bad byte near offset {at:N0}).");
        return null;
    }

    private static bool IsChange(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool CarriesBody(HttpContext http) =>
        (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method))
        && (http.Request.ContentLength > 0 || http.Request.ContentLength is null && http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static bool IsJson(string? contentType, out string? problem)
    {
        problem = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var json = media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                   || media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        if (!json) return false;
        if (media.Charset.HasValue && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            problem = $"JSON is read as UTF-8 only (got charset={media.Charset}).";
            return false;
        }
        return true;
    }

    /// <summary>Reads the body once to check its UTF-8 (kept buffered for the endpoint); null when valid, else about where the first bad byte is.</summary>
    private static async Task<long?> FirstInvalidUtf8Async(HttpRequest request)
    {
        request.EnableBuffering();
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long offset = 0;
        try
        {
            int n;
            while ((n = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                decoder.GetCharCount(buffer, 0, n, flush: false);
                offset += n;
            }
            decoder.GetCharCount([], 0, 0, flush: true);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            return Math.Max(0, offset + Math.Max(0, e.Index));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            request.Body.Position = 0;
        }
    }

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is not valid.");

    private static IResult Refuse(string detail) =>
        TypedResults.Problem(title: "Cross-site request refused.", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Strings (values and property names) that <see cref="StoredText"/> refuses fail the read with the reason.</summary>
    private sealed class StorableStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString());

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Checked(reader.GetString())!;

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private static string? Checked(string? s) => StoredText.Problem(s) is { } why ? throw new JsonException("the text " + why) : s;
    }
}
