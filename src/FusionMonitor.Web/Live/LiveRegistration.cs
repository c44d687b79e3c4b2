namespace FusionMonitor.Web.Live;

public static class LiveRegistration
{
    /// <summary>
    /// The SignalR hub for outside clients, fed from the pipeline's <see cref="Ingestion.Pipeline.LiveNotifier"/> by the
    /// <see cref="HubForwarder"/>. With <c>ConnectionStrings:Redis</c> (several instances), a Redis backplane carries the
    /// hub between instances and the <see cref="RedisLiveBus"/> carries the pages' events, over one shared
    /// <see cref="RedisConnection"/> that the data-protection key ring uses too.
    /// </summary>
    public static WebApplicationBuilder AddFusionLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<HubForwarder>();
        builder.Services.AddSingleton<HubAccessGuard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HubAccessGuard>());
        var signalR = builder.Services.AddSignalR();
        if (RedisConfiguration(builder.Configuration) is { } redis)
        {
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("fusion"));
            builder.Services.AddSingleton(_ => new RedisConnection(redis));
            builder.Services.AddHostedService<RedisLiveBus>();
        }
        return builder;
    }

    /// <summary><c>ConnectionStrings:Redis</c>, or null when the app runs alone.</summary>
    public static string? RedisConfiguration(IConfiguration config) => config.GetConnectionString("Redis") is { Length: > 0 } redis ? redis : null;
}
