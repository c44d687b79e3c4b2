using System.Globalization;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Encoder;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Sentiment.Tests;

/// <summary>Loads the shipped encoder once for every test in the class.</summary>
public sealed class ShippedEncoderFixture : IDisposable
{
    public EncoderSentimentScorer Scorer { get; } = EncoderSentimentScorer.Load(EncoderModelFile.DefaultPath);

    public void Dispose() => Scorer.Dispose();
}

/// <summary>
/// The accurate tier's model as shipped: it loads, it reads texts as the exporting tool does (the same token ids,
/// and probabilities within what int8 quantisation moves), and its tokeniser survives any text.
/// </summary>
public sealed class EncoderModelTests(ShippedEncoderFixture model) : IClassFixture<ShippedEncoderFixture>
{
    private readonly EncoderSentimentScorer _scorer = model.Scorer;

    private sealed record ReferenceRow(string Text, string Target, int[] Ids, SentimentScore Score);

    private static IReadOnlyList<ReferenceRow> Reference()
    {
        var lines = EncoderModelFile.Read(RepoPaths.ShippedEncoder).Reference!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Skip(1).Select(line =>
        {
            var c = line.Split('\t');
            float F(int i) => float.Parse(c[i], CultureInfo.InvariantCulture);
            return new ReferenceRow(c[0], c[1], c[2].Split(' ').Select(int.Parse).ToArray(), new SentimentScore(F(3), F(4), F(5)));
        }).ToList();
    }

    [Fact]
    public void The_shipped_encoder_is_copied_beside_every_host_and_stays_within_25_MB()
    {
        Assert.Equal(File.ReadAllBytes(RepoPaths.ShippedEncoder), File.ReadAllBytes(EncoderModelFile.DefaultPath));
        Assert.InRange(new FileInfo(RepoPaths.ShippedEncoder).Length, 1, 25L * 1024 * 1024);
        Assert.Matches(@"^[a-z0-9-]+-\d{8}-[0-9a-f]{10}$", _scorer.ModelVersion);
    }

    [Fact]
    public void The_tokeniser_gives_the_exporting_tools_token_ids_on_its_fixed_sample()
    {
        var rows = Reference();
        Assert.True(rows.Count >= 250, $"{rows.Count} reference rows");
        var wrong = rows.Where(r => !_scorer.Tokenizer.Encode(r.Text).SequenceEqual(r.Ids))
            .Select(r => $"'{r.Text}': [{string.Join(' ', _scorer.Tokenizer.Encode(r.Text))}] vs [{string.Join(' ', r.Ids)}]").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(5)));
    }

    [Fact]
    public void The_scorer_agrees_with_the_exporting_tool_within_quantisation_error()
    {
        var rows = Reference();
        var texts = rows.Where(r => r.Target.Length == 0).ToList();
        var sentence = _scorer.Score(texts.Select(r => r.Text).ToList());
        var targeted = rows.Where(r => r.Target.Length > 0 && TargetSpans.Find(r.Text, r.Target).Spans.Count > 0).ToList();
        var perTarget = _scorer.ScoreTargets(targeted.Select(r => new TargetedText(r.Text, [TargetSpans.Find(r.Text, r.Target)])).ToList());
        var pairs = texts.Select((r, i) => (Want: r.Score, Got: sentence[i]))
            .Concat(targeted.Select((r, i) => (Want: r.Score, Got: perTarget[i][0]))).ToList();
        Assert.True(targeted.Count >= 100, $"{targeted.Count} target rows found their target");
        var gaps = pairs.Select(p => Math.Max(Math.Abs(p.Want.PNeg - p.Got.PNeg), Math.Max(Math.Abs(p.Want.PNeu - p.Got.PNeu), Math.Abs(p.Want.PPos - p.Got.PPos)))).ToList();
        var agreement = pairs.Count(p => p.Want.Label == p.Got.Label) / (double)pairs.Count;
        Assert.True(gaps.Average() <= 0.03, $"mean probability gap {gaps.Average():F4}");
        // int8 moves a borderline row now and then (the shipped model: one target row of 300 at 0.32, the next 0.13),
        // so the bulk is held tightly and the single worst row loosely.
        var p99 = gaps.Order().ElementAt((int)(0.99 * gaps.Count));
        Assert.True(p99 <= 0.15, $"99th-percentile probability gap {p99:F4}");
        Assert.True(gaps.Max() <= 0.4, $"largest probability gap {gaps.Max():F4}");
        Assert.True(agreement >= 0.95, $"label agreement {agreement:P1}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🔥🔥🔥")]
    [InlineData("thanks 🙏🏽 for nothing 👍🏻\u200d\ufe0f")]
    [InlineData("שלום עולם, השירות היה מעולה")]
    [InlineData("مرحبا بالعالم")]
    [InlineData("日本語とEnglishとРусский mixed")]
    [InlineData("\u0000\u200b\ufffd\u00ad")]
    public void Any_text_gets_a_bounded_well_formed_encoding_and_a_score(string text)
    {
        var ids = _scorer.Tokenizer.Encode(text);
        Assert.Equal(_scorer.Tokenizer.ClsId, ids[0]);
        Assert.Equal(_scorer.Tokenizer.SepId, ids[^1]);
        Assert.InRange(ids.Length, 2, _scorer.Manifest.MaxTokens);
        var s = _scorer.Score([text])[0];
        Assert.Equal(1f, s.PNeg + s.PNeu + s.PPos, 3);
    }

    [Fact]
    public void Emoji_are_tokens_of_their_own_and_their_modifiers_are_dropped()
    {
        var tok = _scorer.Tokenizer;
        Assert.True(tok.EmojiCount > 700, $"{tok.EmojiCount} emoji");
        var fire = tok.Encode("🔥");
        Assert.Equal(3, fire.Length);
        Assert.Equal([tok.ClsId, fire[1], fire[1], fire[1], tok.SepId], tok.Encode("🔥🔥🔥"));
        Assert.Equal(tok.Encode("ok 👍 thanks"), tok.Encode("ok👍🏽\ufe0fthanks"));
    }

    [Fact]
    public void A_40000_character_text_is_cut_to_the_tokens_the_model_reads()
    {
        var text = string.Concat(Enumerable.Repeat("great service, terrible coffee 😭 ", 1200))[..40_000];
        Assert.Equal(_scorer.Manifest.MaxTokens, _scorer.Tokenizer.Encode(text).Length);
        Assert.Equal(3, _scorer.Tokenizer.Encode(new string('x', 40_000)).Length); // one over-long word: [UNK]
        var target = TargetSpans.Find(text + " and Blue Door", "Blue Door");
        var scores = _scorer.ScoreTargets([new TargetedText(text + " and Blue Door", [target])]);
        Assert.Single(scores[0]);
    }

    [Fact]
    public void A_target_maps_to_the_tokens_of_its_words()
    {
        const string text = "Honestly Chez Marlin's staff did nothing wrong";
        var span = TargetSpans.Find(text, "Chez Marlin").Spans[0];
        var (from, to) = _scorer.Tokenizer.Covering(text, span);
        var ids = _scorer.Tokenizer.Encode(text);
        Assert.Equal(_scorer.Tokenizer.Encode("Chez Marlin")[1..^1], ids[from..to]);
    }
}
