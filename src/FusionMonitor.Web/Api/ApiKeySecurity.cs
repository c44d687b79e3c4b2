using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FusionMonitor.Web.Api;

/// <summary>
/// The OpenAPI document names how callers authenticate: the <c>X-Api-Key</c> header (an API key from
/// <c>POST /api/keys</c> or the first start's console), required by every operation except the anonymous ones
/// (health and liveness), so the interactive reference at <c>/api/docs</c> can send it.
/// </summary>
internal sealed class ApiKeySecurity : IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An API key: from POST /api/keys (admin), Auth:BootstrapApiKey, or the one printed at first start.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
