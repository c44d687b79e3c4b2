namespace FusionMonitor.Core.Sentiment;

/// <summary>Whom a per-party reading is about.</summary>
public enum TargetKind { Brand = 0, Influencer = 1 }

/// <summary>
/// The polarity of one stored mention toward one of the brands or influencers it names (contract v2 <c>targets</c>):
/// read from the place(s) the text names that party (<see cref="ITargetSentimentScorer"/>), or the whole text's
/// reading where it names the party nowhere in its words (matched through the author) or no per-party model reads its
/// language. The score engine reads it for that party's scope (<see cref="Scoring.MentionWeight.TextPolarityFor"/>).
/// </summary>
public readonly record struct TargetReading(TargetKind Kind, long Id, SentimentLabel Label, float Polarity)
{
    /// <summary>The reading of <paramref name="score"/> toward a party.</summary>
    public static TargetReading Of(TargetKind kind, long id, SentimentScore score) => new(kind, id, score.Label, score.Polarity);

    /// <summary>The reading toward (<paramref name="kind"/>, <paramref name="id"/>) in <paramref name="targets"/>, or null.</summary>
    public static TargetReading? Find(IReadOnlyList<TargetReading>? targets, TargetKind kind, long id)
    {
        if (targets is null) return null;
        for (var k = 0; k < targets.Count; k++)
            if (targets[k].Kind == kind && targets[k].Id == id) return targets[k];
        return null;
    }
}
