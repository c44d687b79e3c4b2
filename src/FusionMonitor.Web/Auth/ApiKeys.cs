using System.Security.Cryptography;
using System.Text;
using FusionMonitor.Storage.Auth;

namespace FusionMonitor.Web.Auth;

/// <summary>
/// Issues and checks API keys. A key is 32 random bytes (base64url) behind a readable prefix; the store keeps only its
/// SHA-256 digest: a key has far more entropy than a password, so a slow password hash would add nothing but latency
/// to every request.
/// </summary>
public sealed class ApiKeys(AuthStore store)
{
    public const string Prefix = "fm_";

    public sealed record Issued(long Id, string Key);

    /// <param name="userId">The user issuing it (from their sign-in); their key is refused while they are disabled.</param>
    public async Task<Issued> IssueAsync(string name, Role role, IReadOnlyList<long>? brandIds, CancellationToken ct = default, long? userId = null)
    {
        var key = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var id = await store.AddApiKeyAsync(name, DisplayPrefix(key), Hash(key), role, brandIds, ct, userId);
        return new Issued(id, key);
    }

    /// <summary>Stores a key whose value the operator chose (the bootstrap key); no-op if it exists.</summary>
    public async Task EnsureAsync(string name, string key, Role role, CancellationToken ct = default)
    {
        if (await store.FindApiKeyByHashAsync(Hash(key), ct) is not null) return;
        await store.AddApiKeyAsync(name, DisplayPrefix(key), Hash(key), role, null, ct);
    }

    /// <summary>The key's record if the key is known and not revoked.</summary>
    public async Task<ApiKeyRecord?> VerifyAsync(string key, CancellationToken ct = default) => (await CheckAsync(key, ct)).Record;

    /// <summary>The key's record when it may be used, else why not, in a sentence (the 401's detail).</summary>
    public async Task<(ApiKeyRecord? Record, string? Refusal)> CheckAsync(string key, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512) return (null, UnknownKey);
        return await store.FindApiKeyByHashAsync(Hash(key), ct) switch
        {
            null => (null, UnknownKey),
            { RevokedAt: not null } => (null, "This API key has been revoked."),
            { Enabled: false } => (null, "This API key is disabled; an admin can enable it again."),
            { OwnerRefused: true, OwnerName: { } owner } => (null, $"This API key was issued by the user '{owner}', who is disabled; an admin can enable them again."),
            { OwnerRefused: true } => (null, "This API key was issued by a user who no longer exists."),
            var record => (record, null),
        };
    }

    private const string UnknownKey = "This API key is not known.";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string DisplayPrefix(string key) => key.Length <= 8 ? "…" : Core.Text.TextCut.Cut(key, 8) + "…";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
