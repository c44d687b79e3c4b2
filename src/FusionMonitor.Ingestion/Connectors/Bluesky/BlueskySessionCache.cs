using System.Collections.Concurrent;

namespace FusionMonitor.Ingestion.Connectors.Bluesky;

/// <summary>A logged-in session: the access token for calls, the refresh token to renew it.</summary>
public sealed record BlueskySession(string AccessJwt, string RefreshJwt, string Did);

/// <summary>
/// Keeps one session per (service, account) for the life of the process. Bluesky allows only 30 logins per 5 minutes
/// and 300 a day per account, so a job must never log in per run: it reuses the session, refreshes it when the server
/// says the token expired, and logs in again only when the refresh token is no good either. Thread-safe.
/// </summary>
public sealed class BlueskySessionCache
{
    private readonly ConcurrentDictionary<(string Service, string Identifier), BlueskySession> _sessions = new();

    public BlueskySession? Get(string service, string identifier) =>
        _sessions.TryGetValue((Key(service), identifier.ToLowerInvariant()), out var s) ? s : null;

    public void Set(string service, string identifier, BlueskySession session) =>
        _sessions[(Key(service), identifier.ToLowerInvariant())] = session;

    public void Remove(string service, string identifier) =>
        _sessions.TryRemove((Key(service), identifier.ToLowerInvariant()), out _);

    private static string Key(string service) => service.TrimEnd('/').ToLowerInvariant();
}
