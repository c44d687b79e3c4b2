using System.Collections.Concurrent;

namespace FusionMonitor.Ingestion.Connectors.Reddit;

/// <summary>An app-only bearer token and when to stop using it (Reddit's expires_in, less a margin).</summary>
public sealed record RedditToken(string AccessToken, DateTimeOffset UseUntil);

/// <summary>
/// One app-only token per (auth host, client id) for the life of the process: Reddit's tokens last a day, and asking
/// for one per run wastes the rate budget. A 401 drops the token so the next call gets a fresh one. Thread-safe.
/// </summary>
public sealed class RedditTokenCache
{
    private readonly ConcurrentDictionary<(string Auth, string ClientId), RedditToken> _tokens = new();

    public RedditToken? Get(string authBase, string clientId, DateTimeOffset now) =>
        _tokens.TryGetValue(Key(authBase, clientId), out var t) && t.UseUntil > now ? t : null;

    public void Set(string authBase, string clientId, RedditToken token) => _tokens[Key(authBase, clientId)] = token;

    public void Remove(string authBase, string clientId) => _tokens.TryRemove(Key(authBase, clientId), out _);

    private static (string, string) Key(string authBase, string clientId) => (authBase.TrimEnd('/').ToLowerInvariant(), clientId);
}
