namespace FusionMonitor.Web.Live;

public static class LiveRegistration
{
    /// <summary>
    /// The SignalR hub for outside clients, fed from the pipeline's <see cref="Ingestion.Pipeline.LiveNotifier"/> by the
    /// <see cref="HubForwarder"/>; with <c>ConnectionStrings:Redis</c>, a Redis backplane carries it between instances.
    /// </summary>
    public static WebApplicationBuilder AddFusionLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<HubForwarder>();
        var signalR = builder.Services.AddSignalR();
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("fusion"));
        return builder;
    }
}
