using System.Net;
using FusionMonitor.Ingestion.Connectors.AppStore;
using FusionMonitor.Ingestion.Connectors.Bluesky;
using FusionMonitor.Ingestion.Connectors.HackerNews;
using FusionMonitor.Ingestion.Connectors.Jetstream;
using FusionMonitor.Ingestion.Connectors.Http;
using FusionMonitor.Ingestion.Connectors.Mastodon;
using FusionMonitor.Ingestion.Connectors.Reddit;
using FusionMonitor.Ingestion.Connectors.Rss;
using FusionMonitor.Ingestion.Connectors.YouTube;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FusionMonitor.Ingestion.Connectors;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Largest body a connector reads; a bigger one (a runaway feed) fails rather than exhausting memory.</summary>
    public const int MaxBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// Registers every connector as <see cref="IConnector"/>, the <see cref="ConnectorRegistry"/>, and one named
    /// HttpClient per kind behind the standard resilience pipeline: per-attempt and total timeouts, retries with
    /// exponential backoff and jitter that wait as long as Retry-After or the rate-limit reset header asks (capped),
    /// and a circuit breaker kept per source (and host), so one failing feed does not stop the healthy feeds on its host,
    /// while what a host asks (Retry-After, a spent rate limit) holds for every source reading it (<see cref="HostPoliteness"/>).
    /// Settings come from <see cref="ConnectorHttpOptions"/> (section <c>Connectors:Http</c> of <paramref name="config"/>;
    /// without one, the defaults, which tests then configure).
    /// </summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration? config = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<ConnectorHttpOptions>();
        if (config is not null) options.Bind(config.GetSection(ConnectorHttpOptions.Section));
        var network = services.AddOptions<ConnectorOptions>().ValidateOnStart();
        if (config is not null) network.Bind(config.GetSection(ConnectorOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>());
        services.TryAddSingleton<NetworkGuard>();
        services.TryAddSingleton<HostPoliteness>();

        foreach (var kind in new[] { RssConnector.KindName, MastodonConnector.KindName, HackerNewsConnector.KindName, AppStoreConnector.KindName, BlueskyConnector.KindName, YouTubeConnector.KindName, RedditConnector.KindName })
            AddConnectorClient(services, kind);

        services.TryAddSingleton<BlueskySessionCache>();
        services.TryAddSingleton<RedditTokenCache>();
        services.AddSingleton<IConnector, RssConnector>();
        services.AddSingleton<IConnector, MastodonConnector>();
        services.AddSingleton<IConnector, HackerNewsConnector>();
        services.AddSingleton<IConnector, AppStoreConnector>();
        services.AddSingleton<IConnector, BlueskyConnector>();
        services.AddSingleton<IConnector, YouTubeConnector>();
        services.AddSingleton<IConnector, RedditConnector>();
        services.AddSingleton<IConnector, JetstreamConnector>(); // a WebSocket stream: no HttpClient
        services.TryAddSingleton<ConnectorRegistry>();
        return services;
    }

    private static void AddConnectorClient(IServiceCollection services, string kind)
    {
        services.AddHttpClient(ConnectorHttp.ClientName(kind), client =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(ConnectorHttpOptions.UserAgent);
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts govern
                client.MaxResponseContentBufferSize = MaxBodyBytes;
            })
            // Every connection goes through the network guard (no proxy, so the guard sees the real destination).
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<NetworkGuard>().ConnectAsync,
            })
            // Before the pipeline: a request waits until its host may be asked again (whichever source it asked).
            .AddHttpMessageHandler(sp => new HostPoliteness.Gate(sp.GetRequiredService<HostPoliteness>()))
            .AddStandardResilienceHandler()
            .Configure((options, sp) => Apply(options, sp.GetRequiredService<IOptions<ConnectorHttpOptions>>().Value, sp.GetRequiredService<TimeProvider>()))
            // One pipeline, so one circuit breaker, per source and host: a failing feed opens its own circuit only.
            .SelectPipelineBy(_ => request => HostPoliteness.HostOf(request.RequestUri)
                + (request.Options.TryGetValue(ConnectorHttp.SourceKey, out var id) ? "#source-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
        // Added after the pipeline, so it runs inside each attempt: reading the body counts against the attempt
        // timeout, and a server that sends headers and then stalls is timed out and retried like any other.
        // Innermost of all, the politeness listener reads every attempt's answer for a wait its host asks for.
        services.AddHttpClient(ConnectorHttp.ClientName(kind))
            .AddHttpMessageHandler(() => new BufferBodyHandler(MaxBodyBytes))
            .AddHttpMessageHandler(sp => new HostPoliteness.Listener(sp.GetRequiredService<HostPoliteness>()));
    }

    private static void Apply(HttpStandardResilienceOptions o, ConnectorHttpOptions c, TimeProvider clock)
    {
        o.AttemptTimeout.Timeout = c.AttemptTimeout;
        o.TotalRequestTimeout.Timeout = c.TotalTimeout;
        o.Retry.MaxRetryAttempts = c.MaxRetryAttempts;
        o.Retry.Delay = c.RetryBaseDelay;
        o.Retry.BackoffType = DelayBackoffType.Exponential;
        o.Retry.UseJitter = true;
        var cap = c.MaxServerRequestedDelay;
        // Retry-After first, then the source's rate-limit reset; null falls back to exponential backoff with jitter.
        o.Retry.DelayGenerator = args =>
            new ValueTask<TimeSpan?>(args.Outcome.Result is { } response && RateLimitHeaders.RequestedDelay(response, clock.GetUtcNow()) is { } wait
                ? (wait > cap ? cap : wait)
                : null);
        // A refused address is the source's settings at fault, not a passing failure: neither retried nor counted.
        o.Retry.ShouldHandle = args => new ValueTask<bool>(!NetworkGuard.IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        o.CircuitBreaker.ShouldHandle = args => new ValueTask<bool>(!NetworkGuard.IsRefusal(args.Outcome.Exception) && HttpClientResiliencePredicates.IsTransient(args.Outcome));
        o.CircuitBreaker.FailureRatio = c.BreakerFailureRatio;
        o.CircuitBreaker.MinimumThroughput = c.BreakerMinimumThroughput;
        o.CircuitBreaker.BreakDuration = c.BreakerBreakDuration;
        var minSampling = c.AttemptTimeout * 2;
        o.CircuitBreaker.SamplingDuration = c.BreakerSamplingDuration < minSampling ? minSampling : c.BreakerSamplingDuration;
    }

    private sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConnectorOptions o)
        {
            var bad = o.AllowedNetworks.Where(n => !IPNetwork.TryParse(n, out _)).ToList();
            return bad.Count == 0 ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(bad.Select(n => $"Connectors:AllowedNetworks: '{n}' is not a network in CIDR form (e.g. 10.20.0.7/32)"));
        }
    }
}
