using System.Globalization;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Import;

/// <summary>
/// The author of a pushed or imported mention, as JSON: <c>{handle, name?, followers?, following?, posts?, createdAt?}</c>
/// (the last three, the profile fields the authenticity weight reads, an addition to the contract; <c>createdAt</c> is when
/// the account was created, kept as text so a bad date rejects the item with a reason).
/// </summary>
public sealed record AuthorDto(string? Handle, string? Name = null, long? Followers = null,
    long? Following = null, long? Posts = null, string? CreatedAt = null);

/// <summary>Reactions as JSON: <c>{likes?, reposts?, replies?}</c>.</summary>
public sealed record EngagementDto(long? Likes = null, long? Reposts = null, long? Replies = null);

/// <summary>
/// One item of <c>POST /api/mentions</c> and one line of an import file, exactly as <c>shared/contract.md</c> gives it:
/// <c>{source, externalId, text, createdAt, url?, lang?, author: {handle, name?, followers?}, engagement?: {likes?,
/// reposts?, replies?}}</c>, camelCase, plus an optional <c>rating</c> (1–5, for reviews). <see cref="CreatedAt"/> is
/// kept as text so a bad date rejects that item with a reason instead of failing the whole request.
/// <see cref="ToMention"/> checks shape only; <see cref="MentionValidator"/> still runs in the pipeline.
/// </summary>
public sealed record MentionDto(
    string? Source,
    string? ExternalId,
    string? Text,
    string? CreatedAt,
    AuthorDto? Author,
    string? Url = null,
    string? Lang = null,
    EngagementDto? Engagement = null,
    int? Rating = null)
{
    /// <summary>camelCase web defaults; the same options serve the HTTP API and the file reader.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The mention, or null and a reason naming the first shape problem.</summary>
    public IncomingMention? ToMention(out string? reason)
    {
        reason = Problem();
        if (reason is not null) return null;
        var created = ParseTimestamp(CreatedAt)!.Value;
        var engagement = Engagement is null ? null : new Engagement(Engagement.Likes ?? 0, Engagement.Reposts ?? 0, Engagement.Replies ?? 0);
        return new IncomingMention(Source!.Trim(), ExternalId!.Trim(), Text!, created,
            new Author(Author!.Handle!.Trim(), NullIfBlank(Author.Name), Author.Followers, Author.Following, Author.Posts,
                ParseTimestamp(Author.CreatedAt)),
            NullIfBlank(Url), NullIfBlank(Lang), engagement, Rating);
    }

    private string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Source)) return "missing source";
        if (string.IsNullOrWhiteSpace(ExternalId)) return "missing externalId";
        if (string.IsNullOrWhiteSpace(Text)) return "missing text";
        if (string.IsNullOrWhiteSpace(CreatedAt)) return "missing createdAt";
        if (ParseTimestamp(CreatedAt) is null) return $"createdAt '{Cut(CreatedAt)}' is not an ISO-8601 timestamp";
        if (Author is null) return "missing author";
        if (string.IsNullOrWhiteSpace(Author.Handle)) return "missing author.handle";
        if (!string.IsNullOrWhiteSpace(Author.CreatedAt) && ParseTimestamp(Author.CreatedAt) is null)
            return $"author.createdAt '{Cut(Author.CreatedAt)}' is not an ISO-8601 timestamp";
        return null;
    }

    /// <summary>
    /// ISO 8601 with or without offset (none means UTC) or Unix seconds. Culture-sensitive forms ("03/04/2025") are
    /// refused on purpose: they are ambiguous.
    /// </summary>
    public static DateTimeOffset? ParseTimestamp(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        s = s.Trim();
        if (s.Length >= 10 && char.IsAsciiDigit(s[0]) && s[4] == '-' &&
            DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
            return iso;
        if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix is > 0 and < 100_000_000_000)
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        return null;
    }

    /// <summary>Reads one JSON value as a mention; a wrong type or shape becomes a reason, never an exception.</summary>
    public static IncomingMention? FromJson(JsonElement item, out string? reason)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            reason = $"item is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return null;
        }
        MentionDto? dto;
        try
        {
            dto = item.Deserialize<MentionDto>(JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // A string that is not text (an unpaired surrogate escape such as \ud800, bytes that are not UTF-8) fails
            // the read with an InvalidOperationException inside; say so rather than "wrong type".
            var field = (ex as JsonException)?.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : null;
            var notText = ex is InvalidOperationException || ex.InnerException is InvalidOperationException;
            reason = (field, notText) switch
            {
                ({ } f, true) => $"{f}: not valid text (an unpaired UTF-16 surrogate or invalid UTF-8)",
                ({ } f, false) => $"{f}: wrong type or value",
                (null, true) => "a string in the item is not valid text (an unpaired UTF-16 surrogate or invalid UTF-8)",
                _ => "malformed item: " + ex.Message,
            };
            return null;
        }
        if (dto is null)
        {
            reason = "item is null";
            return null;
        }
        return dto.ToMention(out reason);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>
    /// The item's JSON as it arrived, for the quarantine: never throws, even when a string in it is not UTF-8 (those
    /// bytes read as U+FFFD); cut to the quarantine's limit on a text-element boundary.
    /// </summary>
    public static string RawText(JsonElement item) =>
        TextCut.Cut(System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(item)), RejectedItem.MaxPayload, "…");

    private static string Cut(string s) => TextCut.Cut(s, 40, "…");
}
