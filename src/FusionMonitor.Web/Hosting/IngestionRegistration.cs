using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Sources;
using FusionMonitor.Web.Live;

namespace FusionMonitor.Web.Hosting;

public static class IngestionRegistration
{
    /// <summary>The mention pipeline, the entity catalogue it matches against, the connectors and the live notifier.</summary>
    public static WebApplicationBuilder AddFusionIngestion(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EntityCatalog>();
        builder.Services.AddSingleton<MentionPipeline>();
        builder.Services.AddSingleton<SourceStore>();
        builder.Services.AddConnectors();
        builder.Services.AddSingleton<LiveNotifier>();
        builder.Services.AddSingleton<IIngestListener>(sp => sp.GetRequiredService<LiveNotifier>());
        builder.Services.AddHostedService<HubForwarder>();
        var signalR = builder.Services.AddSignalR();
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("fusion"));
        return builder;
    }
}
