using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors.Mastodon;

/// <summary>A page of statuses: the mentions, rejects, and the highest instance-local id on the page (for min_id).</summary>
public sealed record MastodonPage(IReadOnlyList<IncomingMention> Mentions, IReadOnlyList<RejectedItem> Rejected, string? MaxId, int Count);

/// <summary>
/// Reads Mastodon statuses (a timeline array, or the "statuses" of a v2 search). Pure.
/// ExternalId is the federation <c>uri</c>, the same on every instance, so one post seen through two instances is
/// stored once; a boost is read as the boosted status. Author handle is <c>user@domain</c> even for local accounts,
/// so handles are unique across instances.
/// </summary>
public static class MastodonParser
{
    public const string Source = "mastodon";

    public static MastodonPage Parse(JsonElement root, string instanceHost, int indexOffset = 0)
    {
        var statuses = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty("statuses", out var s) && s.ValueKind == JsonValueKind.Array => s,
            _ => throw new FormatException("the response is neither a status array nor a search result with \"statuses\""),
        };
        var mentions = new List<IncomingMention>();
        var rejected = new List<RejectedItem>();
        string? maxId = null;
        var i = 0;
        foreach (var status in statuses.EnumerateArray())
        {
            // Every status moves min_id past it, a bad one too, so paging never returns to it.
            var localId = ConnectorItems.String(status, "id");
            if (localId is not null && (maxId is null || CompareIds(localId, maxId) > 0)) maxId = localId;
            ConnectorItems.Read(indexOffset + i++, Source, status, s => ReadStatus(s, instanceHost),
                s => ConnectorItems.String(s, "uri") ?? localId, ConnectorItems.Payload, mentions, rejected);
        }
        return new MastodonPage(mentions, rejected, maxId, statuses.GetArrayLength());
    }

    /// <summary>Mastodon ids are opaque strings, but sortable by length, then ordinally.</summary>
    public static int CompareIds(string a, string b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    private static (IncomingMention?, string?) ReadStatus(JsonElement status, string instanceHost)
    {
        if (status.ValueKind != JsonValueKind.Object) return (null, "status is not an object");
        if (status.TryGetProperty("reblog", out var reblog) && reblog.ValueKind == JsonValueKind.Object) status = reblog;
        var uri = Str(status, "uri");
        if (string.IsNullOrWhiteSpace(uri)) return (null, "status has no uri");
        if (!DateTimeOffset.TryParse(Str(status, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            return (null, "status has no valid created_at");
        var cw = TextNormalizer.HtmlToText(Str(status, "spoiler_text"));
        var content = TextNormalizer.HtmlToText(Str(status, "content") ?? Str(status, "text"));
        var text = cw.Length == 0 ? content : content.Length == 0 ? cw : cw + "\n\n" + content;
        if (text.Length == 0) return (null, "status has no text");

        var handle = "[deleted]";
        string? name = null;
        long? followers = null, following = null, posts = null;
        DateTimeOffset? since = null;
        if (status.TryGetProperty("account", out var account) && account.ValueKind == JsonValueKind.Object)
        {
            var acct = Str(account, "acct") ?? Str(account, "username");
            if (!string.IsNullOrWhiteSpace(acct)) handle = acct.Contains('@') ? acct : $"{acct}@{instanceHost}";
            name = Str(account, "display_name") is { Length: > 0 } dn ? dn : null;
            followers = Long(account, "followers_count") is { } f and >= 0 ? f : null;
            // The profile fields the authenticity weight reads (docs/fusion-score.md); a value that cannot be a real one is left out.
            following = Count(account, "following_count");
            posts = Count(account, "statuses_count");
            since = AccountCreated(Str(account, "created_at"), created);
        }
        var engagement = new Engagement(
            Likes: Math.Max(0, Long(status, "favourites_count") ?? 0),
            Reposts: Math.Max(0, Long(status, "reblogs_count") ?? 0),
            Replies: Math.Max(0, Long(status, "replies_count") ?? 0));
        return (new IncomingMention(Source, uri, text, created.ToUniversalTime(), new Author(handle, name, followers, following, posts, since),
            Url: Str(status, "url") ?? uri, Lang: Str(status, "language"), Engagement: engagement), null);
    }

    private static long? Count(JsonElement account, string name) =>
        Long(account, name) is { } n and >= 0 and <= MentionValidator.MaxCount ? n : null;

    /// <summary>The account's creation time (Mastodon gives midnight of the day), when it is a plausible one: not after the post.</summary>
    private static DateTimeOffset? AccountCreated(string? text, DateTimeOffset postedAt) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
        && at >= MentionValidator.Earliest && at <= postedAt ? at.ToUniversalTime() : null;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

}
