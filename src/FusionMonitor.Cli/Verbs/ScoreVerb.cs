using System.Text.Json;
using FusionMonitor.Core.Sentiment;

namespace FusionMonitor.Cli.Verbs;

/// <summary><c>score</c>: one text per line on stdin, one JSON line per text on stdout, in order.</summary>
public sealed class ScoreVerb : ICliVerb
{
    private const int BatchSize = 4096;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Name => "score";

    public string Usage => "[--mode accurate|fast|cascade] [--model <zip>] [--encoder <zip>]   (texts on stdin, one per line)";

    public string Summary => "Scores the sentiment of each line of stdin; prints {label, pNeg, pNeu, pPos, polarity} per line.";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        await using var services = CliServices.OpenSentiment(args);
        args.EnsureNoUnknown();
        var scorer = services.Scorer();

        var batch = new List<string>(BatchSize);
        while (await console.In.ReadLineAsync(ct) is { } line)
        {
            batch.Add(line);
            if (batch.Count == BatchSize) await FlushAsync(scorer, batch, console.Out);
        }
        await FlushAsync(scorer, batch, console.Out);
        await console.Out.FlushAsync(ct);
        return 0;
    }

    private static async Task FlushAsync(ISentimentScorer scorer, List<string> batch, TextWriter output)
    {
        if (batch.Count == 0) return;
        foreach (var s in scorer.Score(batch))
            await output.WriteLineAsync(JsonSerializer.Serialize(ToJson(s), Json));
        batch.Clear();
    }

    /// <summary>The contract's per-text shape, shared with <c>POST /api/sentiment</c>.</summary>
    public static object ToJson(SentimentScore s) => new
    {
        label = SentimentScore.LabelName(s.Label),
        pNeg = s.PNeg,
        pNeu = s.PNeu,
        pPos = s.PPos,
        polarity = s.Polarity,
    };
}
