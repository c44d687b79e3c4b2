using System.Diagnostics;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Sentiment.Scoring;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Cli.Verbs;

/// <summary>
/// Re-scores stored mentions whose model version is not the current model's (and reads per party those never read so),
/// in id order and in batches committed
/// one by one, so an interrupted run resumes where it stopped; then rebuilds the Fusion Scores from the new sentiment.
/// </summary>
public sealed class RescoreVerb : ICliVerb
{
    public string Name => "rescore";

    public string Usage => "[--model <zip>] [--batch <n>] [--postgres <cs> | --sqlite <path>] [--Section:Key=value ...]";

    public string Summary => "re-scores stored mentions after a model change (resumable), then recomputes the scores";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var batchSize = args.Number("batch", 5_000);
        if (batchSize is < 1 or > 100_000) throw new CliUsageException("--batch must be 1 to 100000");
        await using var services = await CliServices.OpenMigratedAsync(args, console, ct);
        var scorer = services.Scorer();
        var reader = services.Get<ISentimentReader>();
        var parties = services.Get<PartyReadings>();
        var maintenance = services.Get<MentionMaintenance>();
        var languages = reader.ScoredLanguages;
        var versions = languages.Select(l => reader.ModelVersionOf(l)!).ToList();
        // Where each linked party is named is found again by the current catalogue's matcher; a party it no longer finds
        // in the words (an alias since removed, the post's author) reads the whole text.
        // The language is read from the words around those names, as at ingestion.
        var matcher = (await services.Get<EntityCatalog>().GetAsync(ct)).Matcher;

        var total = await maintenance.CountToReadAsync(versions, languages, ct, parties.Enabled);
        await console.Error.WriteLineAsync($"{total:N0} mention(s) to re-read: language, then {scorer.ModelVersion} for English and the models of {string.Join(", ", languages.Where(l => l != "en"))}"
            + (parties.Enabled ? ", and toward each brand and influencer they name" : ""));
        var watch = Stopwatch.StartNew();
        long done = 0, afterId = 0;
        while (true)
        {
            var rows = await maintenance.NextToReadAsync(versions, languages, afterId, batchSize, ct, parties.Enabled);
            if (rows.Count == 0) break;
            var max = MentionPipeline.MaxScoredChars;
            var cut = rows.Select(r => Core.Text.TextCut.Cut(r.Text, max)).ToList();
            var named = cut.Select(c => matcher.MatchText(c)).ToList();
            var readings = reader.Read(cut, rows.Select(r => r.Lang).ToList(), cut.Select((c, i) => named[i].WithoutNames(c)).ToList());
            var targets = !parties.Enabled ? null
                : parties.Read(rows.Select((r, i) => new PartyReadings.Item(cut[i], named[i], r.BrandIds, r.InfluencerIds, readings[i])).ToList());
            await maintenance.UpdateReadingsAsync(rows.Select((r, i) => (r.Id, readings[i])).ToList(), ct, targets);
            done += rows.Count;
            afterId = rows[^1].Id;
            await console.Error.WriteLineAsync($"  {done:N0} / {total:N0} re-scored ({done / Math.Max(0.001, watch.Elapsed.TotalSeconds):N0}/s)");
        }

        await console.Error.WriteLineAsync("recomputing Fusion Scores from the re-scored history…");
        var (mentions, scopes) = await services.Get<ScoreRecompute>().RunAsync(
            new Progress<long>(n => console.Error.WriteLine($"  {n:N0} mentions folded in")), ct);
        await console.Out.WriteLineAsync($"re-scored {done:N0} mention(s); scores rebuilt from {mentions:N0} mention(s) into {scopes:N0} scope(s)");
        await RecomputeVerb.RebuildHistoryAsync(services.Get<ScoreHistoryRebuild>(), console, ct);
        await RecomputeVerb.RebuildStrategyAsync(services.Get<Ingestion.Strategy.StrategyRollupRebuild>(), console, ct);
        return 0;
    }
}
