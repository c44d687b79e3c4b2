using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;

namespace FusionMonitor.Ingestion.Connectors.Bluesky;

/// <summary>What getProfiles says of an author; null where it does not say.</summary>
public sealed record BlueskyProfile(long? Followers, long? Following, long? Posts, DateTimeOffset? CreatedAt)
{
    public static readonly BlueskyProfile Unknown = new(null, null, null, null);

    /// <summary>The author with these fields; an account "created" after its post (a clock gone wrong) keeps no creation time.</summary>
    public Author Fill(Author author, DateTimeOffset postedAt) => author with
    {
        Followers = Followers, Following = Following, Posts = Posts, CreatedAt = CreatedAt is { } c && c <= postedAt ? c : null,
    };
}

/// <summary>A page of searchPosts: mentions (followers not yet filled in), rejects, the paging cursor, the author DIDs.</summary>
public sealed record BlueskyPage(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, string? Cursor,
    IReadOnlyDictionary<string, string> AuthorDidByExternalId, int Count);

/// <summary>
/// Reads <c>app.bsky.feed.searchPosts</c> and <c>app.bsky.actor.getProfiles</c> responses. Pure.
/// The time of a post is <c>sortAt = min(record.createdAt, indexedAt)</c>, as Bluesky advises, because createdAt is
/// whatever the client claimed (back-dated imports, far-future spam). Record text is already plain text.
/// </summary>
public static class BlueskyParser
{
    public const string Source = "bluesky";

    public static BlueskyPage ParsePosts(JsonElement root, int indexOffset = 0)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("posts", out var posts) || posts.ValueKind != JsonValueKind.Array)
            throw new FormatException("the response has no \"posts\" array");
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        var dids = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var post in posts.EnumerateArray())
        {
            string? did = null;
            var m = ConnectorItems.Read(indexOffset + i++, Source, post, p =>
            {
                var (mention, authorDid, reason) = ReadPost(p);
                did = authorDid;
                return (mention, reason);
            }, "uri", mentions, rejected);
            if (m is not null && did is not null) dids[m.ExternalId] = did;
        }
        // A paging cursor that cannot be read ends the paging, as none would.
        var cursor = ConnectorItems.String(root, "cursor");
        return new BlueskyPage(mentions, rejected, string.IsNullOrEmpty(cursor) ? null : cursor, dids, posts.GetArrayLength());
    }

    /// <summary>
    /// The profile fields by DID: <c>followersCount</c>, and for the authenticity weight <c>followsCount</c>, <c>postsCount</c>
    /// and the account's <c>createdAt</c>; a field missing or not a plausible value is null, a profile with none of them is
    /// left out (its posts keep no counts).
    /// </summary>
    public static Dictionary<string, BlueskyProfile> ParseProfiles(JsonElement root)
    {
        var result = new Dictionary<string, BlueskyProfile>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("profiles", out var profiles) || profiles.ValueKind != JsonValueKind.Array)
            throw new FormatException("the response has no \"profiles\" array");
        // A profile whose did cannot be read is left out, like one without a count: its posts keep no follower count.
        foreach (var p in profiles.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.Object || ConnectorItems.String(p, "did") is not { } did) continue;
            var created = Date(Str(p, "createdAt"));
            var profile = new BlueskyProfile(Count(p, "followersCount"), Count(p, "followsCount"), Count(p, "postsCount"),
                created is { } c && c >= MentionValidator.Earliest ? c : null);
            if (profile != BlueskyProfile.Unknown) result[did] = profile;
        }
        return result;
    }

    private static long? Count(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : null;

    private static (IncomingMention?, string? Did, string?) ReadPost(JsonElement post)
    {
        if (post.ValueKind != JsonValueKind.Object) return (null, null, "post is not an object");
        var uri = Str(post, "uri");
        if (string.IsNullOrWhiteSpace(uri)) return (null, null, "post has no uri");
        if (!post.TryGetProperty("record", out var record) || record.ValueKind != JsonValueKind.Object) return (null, null, "post has no record");
        var text = Core.Text.TextNormalizer.FoldWhitespace(Str(record, "text") ?? "");
        if (text.Length == 0) return (null, null, "post has no text (embed only)");
        var created = Date(Str(record, "createdAt"));
        var indexed = Date(Str(post, "indexedAt"));
        var sortAt = (created, indexed) switch
        {
            ({ } c, { } x) => c < x ? c : x,
            ({ } c, null) => c,
            (null, { } x) => x,
            _ => (DateTimeOffset?)null,
        };
        if (sortAt is null) return (null, null, "post has no valid createdAt or indexedAt");

        string? did = null, handle = null, name = null;
        if (post.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object)
        {
            did = Str(author, "did");
            handle = Str(author, "handle");
            name = Str(author, "displayName") is { Length: > 0 } dn ? dn : null;
        }
        if (string.IsNullOrWhiteSpace(handle) || handle == "handle.invalid") handle = did ?? "[deleted]";
        string? lang = null;
        if (record.TryGetProperty("langs", out var langs) && langs.ValueKind == JsonValueKind.Array && langs.GetArrayLength() > 0
            && langs[0].ValueKind == JsonValueKind.String) lang = langs[0].GetString();
        var engagement = new Engagement(
            Likes: Math.Max(0, Long(post, "likeCount") ?? 0),
            Reposts: Math.Max(0, (Long(post, "repostCount") ?? 0) + (Long(post, "quoteCount") ?? 0)),
            Replies: Math.Max(0, Long(post, "replyCount") ?? 0));
        var rkey = uri[(uri.LastIndexOf('/') + 1)..];
        var url = did is null ? null : $"https://bsky.app/profile/{did}/post/{rkey}";
        return (new IncomingMention(Source, uri, text, sortAt.Value, new Author(handle, name), url, lang, engagement), did, null);
    }

    private static DateTimeOffset? Date(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.ToUniversalTime() : null;

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

}
