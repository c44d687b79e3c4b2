using System.Globalization;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Storage.Mentions;

/// <summary>A filter over stored mentions. <see cref="AllowedBrandIds"/>, when set, limits results to those brands (access scope);
/// <see cref="Words"/>, when set, to mentions whose text holds every one of them (full text, any case; see
/// <c>Core/Text/SearchWords</c>).</summary>
public sealed record MentionQuery(
    long? BrandId = null,
    long? InfluencerId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    SentimentLabel? Label = null,
    int Limit = 100,
    MentionCursor? After = null,
    IReadOnlyList<long>? AllowedBrandIds = null,
    IReadOnlyList<string>? Words = null);

/// <summary>Where a page ended; opaque to API clients (<see cref="Encode"/>).</summary>
public sealed record MentionCursor(DateTimeOffset CreatedAt, long Id)
{
    public string Encode() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks}:{Id}"))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out MentionCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 64) return false;
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            cursor = new MentionCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>A stored mention as read back. <see cref="Sentiment"/> is the model's reading, <see cref="Correction"/> an
/// analyst's correction in force (which replaces it: <see cref="InForce"/>). <see cref="Scored"/>: whether a model for
/// its language (<c>Mention.Lang</c>) read it; a mention stored before language detection existed was read by the
/// English model. <see cref="Targets"/>: the model's reading toward each brand and influencer it names (null: stored
/// before per-party readings).</summary>
public sealed record MentionView(
    long Id, IncomingMention Mention, DateTimeOffset IngestedAt, SentimentScore Sentiment, string ModelVersion,
    IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds, bool Scored = true, SentimentCorrection? Correction = null,
    IReadOnlyList<TargetReading>? Targets = null)
{
    /// <summary>The reading scores use: the correction's when there is one.</summary>
    public SentimentScore InForce => SentimentCorrection.InForce(Sentiment, Correction);
}

public sealed record MentionPage(IReadOnlyList<MentionView> Items, MentionCursor? Next);

public sealed record QuarantinedItem(long Id, string? Source, string? ExternalId, string Reason, string? Payload, DateTimeOffset ReceivedAt);

internal sealed class MentionRow
{
    public long Id { get; set; }
    public string Source { get; set; } = "";
    public string ExternalId { get; set; } = "";
    public string? Url { get; set; }
    public string AuthorHandle { get; set; } = "";
    public string? AuthorName { get; set; }
    public long? AuthorFollowers { get; set; }
    public long? AuthorFollowing { get; set; }
    public long? AuthorPosts { get; set; }
    public DateTimeOffset? AuthorCreatedAt { get; set; }
    public string Text { get; set; } = "";
    public string? Lang { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset IngestedAt { get; set; }
    public long Likes { get; set; }
    public long Reposts { get; set; }
    public long Replies { get; set; }
    public int? Rating { get; set; }
    public int Label { get; set; }
    public float PNeg { get; set; }
    public float PNeu { get; set; }
    public float PPos { get; set; }
    public string ModelVersion { get; set; } = "";
    public bool? Scored { get; set; }
    public int? CorrectedLabel { get; set; }
    public string? CorrectedBy { get; set; }
    public DateTimeOffset? CorrectedAt { get; set; }
    public string? Targets { get; set; }

    public MentionView ToMention(IReadOnlyList<long> brandIds, IReadOnlyList<long> influencerIds) => new(
        Id,
        new IncomingMention(Source, ExternalId, Text, CreatedAt, new Author(AuthorHandle, AuthorName, AuthorFollowers, AuthorFollowing, AuthorPosts, AuthorCreatedAt), Url, Lang,
            new Engagement(Likes, Reposts, Replies), Rating),
        IngestedAt, new SentimentScore(PNeg, PNeu, PPos), ModelVersion, brandIds, influencerIds, Scored ?? true,
        CorrectedLabel is { } c ? new SentimentCorrection((SentimentLabel)c, CorrectedBy ?? "", CorrectedAt ?? IngestedAt) : null,
        TargetsColumn.Read(Targets));
}
