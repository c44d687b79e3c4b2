using FusionMonitor.Core.Matching;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Sentiment.Scoring;

/// <summary>
/// The polarity toward each brand and influencer a mention names (contract v2 <c>targets</c>), for a whole batch at
/// once: each party is read from the places the matcher found it named (<see cref="MatchResult.Spans"/>) by the
/// configured tier's per-party reader (<see cref="ITargetSentimentScorer"/>), in one call for the batch. Thread-safe.
/// <list type="bullet">
/// <item>a party the text does not name in its words (matched through the author), or named only past the part the
/// model reads, gets the mention's own reading;</item>
/// <item>a mention read by a model of another language than English gets its own reading for every party (the
/// per-party readers read English);</item>
/// <item>an unscored mention gets none: it moves nothing.</item>
/// </list>
/// Cost: the parties of the batch's mentions (a pass of the per-party reader for those named in words), never the
/// catalogue. With <c>Sentiment:ReadParties=false</c> no party is read (null: every scope reads the whole text).
/// </summary>
public sealed class PartyReadings(ITargetSentimentScorer scorer, bool enabled = true)
{
    /// <summary>One mention: the text as the sentiment model read it (cut), its match (possibly narrowed to
    /// <paramref name="BrandIds"/> and <paramref name="InfluencerIds"/>), and its reading.</summary>
    public readonly record struct Item(string Text, MatchResult Match, IReadOnlyList<long> BrandIds, IReadOnlyList<long> InfluencerIds, SentimentReading Reading);

    public bool Enabled => enabled;

    /// <summary>Languages the per-party readers read (English, and texts of no telling language read by the English model).</summary>
    public static bool ReadsPerParty(SentimentReading r) => r.Scored && r.Lang is "en" or LanguageReading.Undetermined;

    /// <summary>One list per item, in order: brands first (in <c>BrandIds</c> order), then influencers. Null per item when disabled.</summary>
    public IReadOnlyList<IReadOnlyList<TargetReading>?> Read(IReadOnlyList<Item> items)
    {
        var result = new IReadOnlyList<TargetReading>?[items.Count];
        if (!enabled) return result;
        var asked = new List<TargetedText>();
        var askedFor = new List<(int Item, List<int> Slots)>();
        var lists = new TargetReading[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            var (text, match, brands, influencers, reading) = items[i];
            if (!reading.Scored) { result[i] = []; continue; }
            var list = new TargetReading[brands.Count + influencers.Count];
            var perParty = ReadsPerParty(reading);
            List<SentimentTarget>? targets = null;
            List<int>? slots = null;
            for (var k = 0; k < list.Length; k++)
            {
                var isBrand = k < brands.Count;
                var id = isBrand ? brands[k] : influencers[k - brands.Count];
                var kind = isBrand ? TargetKind.Brand : TargetKind.Influencer;
                list[k] = TargetReading.Of(kind, id, reading.Score);
                if (!perParty) continue;
                var spans = Inside(match.SpansOf(isBrand, id), text.Length);
                if (spans.Count == 0) continue;
                (targets ??= []).Add(new SentimentTarget(spans));
                (slots ??= []).Add(k);
            }
            lists[i] = list;
            result[i] = list;
            if (targets is null) continue;
            asked.Add(new TargetedText(text, targets));
            askedFor.Add((i, slots!));
        }
        if (asked.Count == 0) return result;
        var scores = scorer.ScoreTargets(asked);
        for (var a = 0; a < asked.Count; a++)
        {
            var (i, slots) = askedFor[a];
            for (var s = 0; s < slots.Count; s++)
            {
                var k = slots[s];
                lists[i][k] = TargetReading.Of(lists[i][k].Kind, lists[i][k].Id, scores[a][s]);
            }
        }
        return result;
    }

    private static IReadOnlyList<TextSpan> Inside(IReadOnlyList<TextSpan> spans, int length)
    {
        var all = true;
        foreach (var s in spans) all &= s.End <= length;
        return all ? spans : spans.Where(s => s.End <= length).ToList();
    }
}
