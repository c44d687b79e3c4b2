using System.Diagnostics;
using FusionMonitor.Core.Sentiment;
using Microsoft.ML.OnnxRuntime;

namespace FusionMonitor.Sentiment.Encoder;

/// <summary>
/// The accurate tier: a fine-tuned MiniLM encoder (int8, ONNX Runtime on the CPU) that reads words in context. A
/// pass over a text gives its sentiment (the sentence head over the mean token state); the polarity toward a party
/// named in it comes from a pass in which the party's word pieces are marked (BERT's token type 1), so every layer
/// reads the text toward that party, and the target head reads the party's own token states
/// (<see cref="TargetHead"/>). A model exported without the <c>token_type_ids</c> input (an older file) reads every
/// party from the text's one unmarked pass.
/// </summary>
/// <remarks>
/// Thread-safe (ONNX Runtime sessions are). Batches are cut by length (texts of similar length together, so padding
/// wastes little) and run on up to <c>threads</c> cores at once, one core per batch, which on small matrices beats
/// splitting one multiplication over cores. Never throws on a text: empty, 40,000 characters or any script gets a
/// score (only the first <see cref="EncoderManifest.MaxTokens"/> word pieces are read).
/// </remarks>
public sealed class EncoderSentimentScorer : ISentimentScorer, ITargetSentimentScorer, IDisposable
{
    private const int BatchTokens = 2048;
    private const int MaxBatch = 32;
    private const int WindowLeadChars = 150;
    private static readonly string[] InputNames = ["input_ids", "attention_mask"];
    private static readonly string[] MarkedInputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] SentenceOutputs = ["sentence_logits"];
    private static readonly string[] TargetOutputs = ["sentence_logits", "pooled", "hidden"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _targetWeights; // [class * 2H + feature]
    private readonly float[] _targetBias;
    private readonly int _hidden;
    private readonly int _threads;
    private readonly bool _marksTargets;

    private EncoderSentimentScorer(EncoderModelFile file, int threads)
    {
        Manifest = file.Manifest;
        Tokenizer = new EncoderTokenizer(file.Vocabulary, file.Manifest.MaxTokens);
        _hidden = file.Manifest.Hidden;
        _targetWeights = file.Manifest.TargetHead.Weights.SelectMany(w => w).ToArray();
        _targetBias = file.Manifest.TargetHead.Bias;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(file.Onnx, options);
        _marksTargets = _session.InputMetadata.ContainsKey("token_type_ids");
        ModelVersion = $"{file.Manifest.Name}-{file.Manifest.TrainedAt.UtcDateTime:yyyyMMdd}-{file.ContentHash}";
    }

    /// <summary>Loads an encoder model file; <paramref name="threads"/> ≤ 0 means every core. Takes a few hundred
    /// milliseconds (graph optimisation): load once, share.</summary>
    public static EncoderSentimentScorer Load(string path, int threads = 0)
    {
        var clock = Stopwatch.StartNew();
        var scorer = new EncoderSentimentScorer(EncoderModelFile.Read(path), threads);
        scorer.LoadTime = clock.Elapsed;
        return scorer;
    }

    public string ModelVersion { get; }
    public EncoderManifest Manifest { get; }
    public EncoderTokenizer Tokenizer { get; }

    /// <summary>How long <see cref="Load"/> took (reading, unzipping, building the ONNX Runtime session).</summary>
    public TimeSpan LoadTime { get; private set; }

    /// <summary>True when each party is read from a pass with its word pieces marked (the shipped model).</summary>
    public bool MarksTargets => _marksTargets;

    public IReadOnlyList<SentimentScore> Score(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++) encoded[i] = Tokenizer.Encode(texts[i]);
        var scores = new SentimentScore[texts.Count];
        Run(encoded, null, SentenceOutputs, (index, output) => scores[index] = Softmax(output.Logits));
        return scores;
    }

    public IReadOnlyList<IReadOnlyList<SentimentScore>> ScoreTargets(IReadOnlyList<TargetedText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        // A marking model reads each party from a pass of its own, its word pieces marked; an older model reads every
        // party from the text's one pass. A party whose every mention lies past the part that is read gets an
        // encoding of its own, starting a little before its first mention. A target not found in the text reads the
        // text's own sentiment (an unmarked pass).
        var jobs = new List<(int[] Ids, (int From, int To)[]? Marks, List<(int Text, int Target, (int From, int To)[] Ranges)> Reads)>();
        var result = new SentimentScore[texts.Count][];
        var sentenceOf = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var item = texts[i];
            item.Validate();
            result[i] = new SentimentScore[item.Targets.Count];
            sentenceOf[i] = -1;
            int[]? ids = null;
            List<(int, int, (int, int)[])>? shared = null;
            int Sentence(int[] encoded)
            {
                if (sentenceOf[i] < 0)
                {
                    sentenceOf[i] = jobs.Count;
                    jobs.Add((encoded, null, shared = []));
                }
                return sentenceOf[i];
            }
            for (var k = 0; k < item.Targets.Count; k++)
            {
                var spans = item.Targets[k].Spans;
                ids ??= Tokenizer.Encode(item.Text);
                if (spans.Count == 0)
                {
                    Sentence(ids);
                    continue; // the text's own sentiment, below
                }
                var ranges = spans.Select(s => Tokenizer.Covering(item.Text, s)).Where(r => r.To > r.From).ToArray();
                var encoded = ids;
                if (ranges.Length == 0)
                {
                    var first = spans.MinBy(s => s.Start);
                    var start = Math.Max(0, first.Start - WindowLeadChars);
                    var window = item.Text[start..];
                    var shifted = spans.Where(s => s.Start >= start).Select(s => Tokenizer.Covering(window, new TextSpan(s.Start - start, s.Length))).Where(r => r.To > r.From).ToArray();
                    encoded = Tokenizer.Encode(window);
                    ranges = shifted.Length > 0 ? shifted : [(1, 2)];
                    if (!_marksTargets)
                    {
                        jobs.Add((encoded, null, [(i, k, ranges)]));
                        continue;
                    }
                }
                if (_marksTargets) jobs.Add((encoded, ranges, [(i, k, ranges)]));
                else
                {
                    Sentence(ids);
                    shared!.Add((i, k, ranges));
                }
            }
        }
        var sentence = new SentimentScore[jobs.Count];
        Run(jobs.Select(j => j.Ids).ToArray(), jobs.Select(j => j.Marks).ToArray(), TargetOutputs, (index, output) =>
        {
            sentence[index] = Softmax(output.Logits);
            foreach (var (text, target, ranges) in jobs[index].Reads) result[text][target] = TargetScore(output, ranges);
        });
        for (var i = 0; i < texts.Count; i++)
            for (var k = 0; k < texts[i].Targets.Count; k++)
                if (texts[i].Targets[k].Spans.Count == 0) result[i][k] = sentence[sentenceOf[i]];
        return result;
    }

    private SentimentScore TargetScore(in RowOutput output, (int From, int To)[] ranges)
    {
        var h = _hidden;
        Span<float> features = stackalloc float[2 * h];
        features[..h].Fill(float.NegativeInfinity);
        foreach (var (from, to) in ranges)
            for (var t = from; t < to; t++)
            {
                var state = output.Hidden.Slice(t * h, h);
                for (var d = 0; d < h; d++) features[d] = MathF.Max(features[d], state[d]);
            }
        output.Pooled.CopyTo(features[h..]);
        Span<float> logits = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            var w = _targetWeights.AsSpan(c * 2 * h, 2 * h);
            var z = _targetBias[c];
            for (var d = 0; d < 2 * h; d++) z += w[d] * features[d];
            logits[c] = z;
        }
        return Softmax(logits);
    }

    private readonly ref struct RowOutput(ReadOnlySpan<float> logits, ReadOnlySpan<float> pooled, ReadOnlySpan<float> hidden)
    {
        public ReadOnlySpan<float> Logits { get; } = logits;
        public ReadOnlySpan<float> Pooled { get; } = pooled;
        public ReadOnlySpan<float> Hidden { get; } = hidden;
    }

    private delegate void RowHandler(int index, RowOutput output);

    /// <summary>Runs every sequence through the model in length-sorted batches and hands each row's outputs to
    /// <paramref name="handle"/> (called from several threads, once per index).</summary>
    private void Run(int[][] sequences, (int From, int To)[]?[]? marks, string[] outputs, RowHandler handle)
    {
        if (sequences.Length == 0) return;
        var order = Enumerable.Range(0, sequences.Length).OrderBy(i => sequences[i].Length).ToArray();
        var batches = new List<(int Start, int Count)>();
        for (var s = 0; s < order.Length;)
        {
            var count = 0;
            while (s + count < order.Length && count < MaxBatch && (count + 1) * sequences[order[s + count]].Length <= Math.Max(BatchTokens, sequences[order[s + count]].Length))
                count++;
            batches.Add((s, count));
            s += count;
        }
        if (batches.Count == 1 || _threads == 1)
        {
            foreach (var b in batches) RunBatch(sequences, marks, order.AsSpan(b.Start, b.Count).ToArray(), outputs, handle);
            return;
        }
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            b => RunBatch(sequences, marks, order.AsSpan(b.Start, b.Count).ToArray(), outputs, handle));
    }

    private void RunBatch(int[][] sequences, (int From, int To)[]?[]? marks, int[] rows, string[] outputNames, RowHandler handle)
    {
        var b = rows.Length;
        var t = rows.Max(r => sequences[r].Length);
        var ids = new long[b * t];
        var mask = new long[b * t];
        var kinds = _marksTargets ? new long[b * t] : null;
        for (var i = 0; i < b; i++)
        {
            var seq = sequences[rows[i]];
            for (var k = 0; k < seq.Length; k++)
            {
                ids[i * t + k] = seq[k];
                mask[i * t + k] = 1;
            }
            for (var k = seq.Length; k < t; k++) ids[i * t + k] = Tokenizer.PadId;
            if (kinds is not null && marks?[rows[i]] is { } ranges)
                foreach (var (from, to) in ranges)
                    for (var k = from; k < to && k < seq.Length; k++) kinds[i * t + k] = 1;
        }
        long[] shape = [b, t];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var kindsValue = kinds is null ? null : OrtValue.CreateTensorValueFromMemory(kinds, shape);
        using var results = kindsValue is null
            ? _session.Run(_runOptions, InputNames, [idsValue, maskValue], outputNames)
            : _session.Run(_runOptions, MarkedInputNames, [idsValue, maskValue, kindsValue], outputNames);
        var logits = results[0].GetTensorDataAsSpan<float>();
        var pooled = outputNames.Length > 1 ? results[1].GetTensorDataAsSpan<float>() : default;
        var hidden = outputNames.Length > 2 ? results[2].GetTensorDataAsSpan<float>() : default;
        var h = _hidden;
        for (var i = 0; i < b; i++)
            handle(rows[i], new RowOutput(
                logits.Slice(i * 3, 3),
                pooled.IsEmpty ? default : pooled.Slice(i * h, h),
                hidden.IsEmpty ? default : hidden.Slice(i * t * h, t * h)));
    }

    private static SentimentScore Softmax(ReadOnlySpan<float> z)
    {
        var max = MathF.Max(z[0], MathF.Max(z[1], z[2]));
        var en = MathF.Exp(z[0] - max);
        var eu = MathF.Exp(z[1] - max);
        var ep = MathF.Exp(z[2] - max);
        var sum = en + eu + ep;
        return new SentimentScore(en / sum, eu / sum, ep / sum);
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
