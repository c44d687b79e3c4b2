using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Ingestion.Digest;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Strategy;
using FusionMonitor.Sentiment;
using FusionMonitor.Storage;
using FusionMonitor.Web.Api;
using FusionMonitor.Web.Auth;
using FusionMonitor.Web.Components;
using FusionMonitor.Web.Hosting;
using FusionMonitor.Web.Jobs;
using FusionMonitor.Web.Live;
using Scalar.AspNetCore;

if (args.Contains("--healthcheck")) return await HealthProbe.RunAsync(args);

// Content (appsettings, static files) comes from the app's own folder; data paths resolve against the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://localhost:5080");

builder.Services.AddHostedService<SettingsCheck>(); // first: every bad setting is reported before anything starts
builder.Services.AddFusionLogRedaction(builder.Configuration);
builder.Services.AddSingleton<AppReadiness>();
builder.Services.AddHostedService<StartupTasks>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestHandler>();
builder.AddFusionStoreOutage()
    .AddFusionWebSecurity()
    .AddFusionRequestRules();
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<FusionMonitor.Web.Api.ApiKeySecurity>());
// The capabilities, each registered by its own project (the CLI and the benchmarks compose from the same calls).
builder.Services
    .AddFusionStorage(builder.Configuration)
    .AddFusionSentiment(builder.Configuration)
    .AddFusionPipeline(builder.Configuration)
    .AddFusionAlerts(builder.Configuration)
    .AddFusionSources(builder.Configuration)
    .AddFusionRetention(builder.Configuration)
    .AddFusionStrategy(builder.Configuration)
    .AddFusionDigests(builder.Configuration);
// The host's own parts.
builder.AddFusionLive()
    .AddFusionAuth()
    .AddFusionJobs()
    .AddFusionDemo()
    .AddFusionDashboard();

var app = builder.Build();
app.UseFusionWebSecurity();
app.UseExceptionHandler();
app.UseFusionStatusPages();
app.UseFusionStartupGate();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseFusionApiGuard();
app.UseAntiforgery();

app.MapHealth();
app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/api/docs").AllowAnonymous();
app.MapEntitiesApi();
app.MapSentimentApi();
app.MapMentionsApi();
app.MapCorrectionsApi();
app.MapPairsApi();
app.MapAlertsApi();
app.MapAlertRulesApi();
app.MapSourcesApi();
app.MapBrandSeriesApi();
app.MapStrategyApi();
app.MapDigestApi();
app.MapKeysApi();
app.MapUsersApi();
app.MapErasureApi();
app.MapHub<FusionHub>(FusionHub.Path);
app.MapFusionJobs();
app.MapFusionDashboard();
await app.RunAsync();
return 0;

/// <summary>The web host's entry point; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
