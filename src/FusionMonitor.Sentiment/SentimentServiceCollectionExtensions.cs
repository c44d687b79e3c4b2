using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Language;
using FusionMonitor.Sentiment.Encoder;
using FusionMonitor.Sentiment.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Sentiment;

/// <summary>Which model reads the texts (<c>Sentiment:Mode</c>); docs/sentiment.md compares them.</summary>
public enum SentimentMode
{
    /// <summary>The fine-tuned encoder, joined by the fast model, reads everything: best readings, about a hundred times the cost of fast.</summary>
    Accurate,

    /// <summary>The linear model (with its phrase CNN) reads everything: tens of thousands of texts a second.</summary>
    Fast,

    /// <summary>Fast first; the encoder re-reads what the fast model is unsure of (<c>Sentiment:CascadeThreshold</c>).</summary>
    Cascade,
}

/// <summary><c>Sentiment:*</c>.</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>The fast model's top probability below which the cascade asks the encoder (measured in docs/sentiment.md).</summary>
    public const float DefaultCascadeThreshold = 0.7f;

    /// <summary>Which model reads the texts.</summary>
    public SentimentMode Mode { get; set; } = SentimentMode.Cascade;

    /// <summary>An encoder model file for the accurate tier; unset for the shipped <c>models/sentiment-encoder.zip</c>.</summary>
    public string? EncoderPath { get; set; }

    /// <summary>See <see cref="DefaultCascadeThreshold"/>; between 0 (never ask the encoder) and 1 (always).</summary>
    public float CascadeThreshold { get; set; } = DefaultCascadeThreshold;

    /// <summary>The fast model's weight when it joins the encoder in the accurate tier (0: the encoder alone).</summary>
    public float FastBlendWeight { get; set; } = AccurateSentimentScorer.DefaultFastWeight;

    /// <summary>Cores the encoder may use at once for a batch; 0 for all of them.</summary>
    public int EncoderThreads { get; set; }

    /// <summary>The encoder file to load: <see cref="EncoderPath"/> made absolute, else the shipped one beside the program.</summary>
    public string ResolvedEncoderPath => string.IsNullOrWhiteSpace(EncoderPath) ? EncoderModelFile.DefaultPath : Path.GetFullPath(EncoderPath);

    /// <summary>A trained model file; unset for the shipped <c>models/sentiment.zip</c>. Relative to the working directory.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Detect each post's language and read it with that language's model, leaving languages without one
    /// unscored (the default). False: every post is read by the English model and counts, as before.</summary>
    public bool DetectLanguages { get; set; } = true;

    /// <summary>Read the polarity toward each brand and influencer a mention names (<see cref="PartyReadings"/>; the default).
    /// False: no party is read apart and every scope reads the whole text's polarity, as before per-party readings.</summary>
    public bool ReadParties { get; set; } = true;

    /// <summary>The file to load: <see cref="ModelPath"/> made absolute, else the shipped model beside the program.</summary>
    public string ResolvedModelPath => string.IsNullOrWhiteSpace(ModelPath) ? LinearSentimentScorer.DefaultModelPath : Path.GetFullPath(ModelPath);
}

public static class SentimentServiceCollectionExtensions
{
    /// <summary>
    /// The sentiment tier <c>Sentiment:Mode</c> names as <see cref="ISentimentScorer"/> and, for the polarity toward each
    /// party, <see cref="ITargetSentimentScorer"/>: each model loaded once, on first use, and shared by every caller
    /// (the scorers are thread-safe). A missing model file is a start-up error naming the path. Fast mode reads
    /// parties with the clause baseline (<see cref="ClauseTargetScorer"/>); accurate mode with the encoder's target
    /// head; cascade as <see cref="CascadeSentimentScorer"/> says.
    /// <see cref="ISentimentReader"/> reads each post in its language: English with that tier, the other languages
    /// with their shipped models (<see cref="MultilingualSentimentReader"/>), the rest unscored. <see cref="PartyReadings"/> reads
    /// a batch of stored mentions toward each party they name (<c>Sentiment:ReadParties</c>).
    /// </summary>
    public static IServiceCollection AddFusionSentiment(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<SentimentOptions>().Bind(config.GetSection(SentimentOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentimentOptions>, SentimentOptionsValidator>());
        services.TryAddSingleton(sp => LinearSentimentScorer.Load(sp.GetRequiredService<IOptions<SentimentOptions>>().Value.ResolvedModelPath));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SentimentOptions>>().Value;
            return EncoderSentimentScorer.Load(o.ResolvedEncoderPath, o.EncoderThreads);
        });
        services.TryAddSingleton(sp => new AccurateSentimentScorer(
            sp.GetRequiredService<EncoderSentimentScorer>(), sp.GetRequiredService<EncoderSentimentScorer>(), sp.GetRequiredService<LinearSentimentScorer>(),
            sp.GetRequiredService<IOptions<SentimentOptions>>().Value.FastBlendWeight));
        services.TryAddSingleton(sp => new CascadeSentimentScorer(
            sp.GetRequiredService<LinearSentimentScorer>(), sp.GetRequiredService<AccurateSentimentScorer>(), sp.GetRequiredService<AccurateSentimentScorer>(),
            sp.GetRequiredService<IOptions<SentimentOptions>>().Value.CascadeThreshold));
        services.TryAddSingleton<ISentimentScorer>(sp => sp.GetRequiredService<IOptions<SentimentOptions>>().Value.Mode switch
        {
            SentimentMode.Accurate => sp.GetRequiredService<AccurateSentimentScorer>(),
            SentimentMode.Fast => sp.GetRequiredService<LinearSentimentScorer>(),
            _ => sp.GetRequiredService<CascadeSentimentScorer>(),
        });
        services.TryAddSingleton<ITargetSentimentScorer>(sp => sp.GetRequiredService<IOptions<SentimentOptions>>().Value.Mode switch
        {
            SentimentMode.Accurate => sp.GetRequiredService<AccurateSentimentScorer>(),
            SentimentMode.Fast => new ClauseTargetScorer(sp.GetRequiredService<LinearSentimentScorer>()),
            _ => sp.GetRequiredService<CascadeSentimentScorer>(),
        });
        services.TryAddSingleton(sp => new PartyReadings(sp.GetRequiredService<ITargetSentimentScorer>(),
            sp.GetRequiredService<IOptions<SentimentOptions>>().Value.ReadParties));
        services.TryAddSingleton<ISentimentReader>(sp => sp.GetRequiredService<IOptions<SentimentOptions>>().Value.DetectLanguages
            ? new MultilingualSentimentReader(LinguaLanguageDetector.Shared, sp.GetRequiredService<ISentimentScorer>(), MultilingualSentimentReader.ShippedModels)
            : new EnglishOnlyReader(sp.GetRequiredService<ISentimentScorer>()));
        return services;
    }

    private sealed class SentimentOptionsValidator : IValidateOptions<SentimentOptions>
    {
        public ValidateOptionsResult Validate(string? name, SentimentOptions o)
        {
            var problems = new List<string>();
            if (!Enum.IsDefined(o.Mode)) problems.Add($"Sentiment:Mode must be accurate, fast or cascade (found {o.Mode})");
            if ((o.Mode != SentimentMode.Accurate || o.FastBlendWeight > 0) && !File.Exists(o.ResolvedModelPath))
                problems.Add(string.IsNullOrWhiteSpace(o.ModelPath)
                    ? $"the shipped sentiment model is missing: {o.ResolvedModelPath} (build the solution, which copies models/sentiment.zip, or set Sentiment:ModelPath)"
                    : $"Sentiment:ModelPath: model file not found: {o.ResolvedModelPath}");
            if (o.Mode != SentimentMode.Fast && !File.Exists(o.ResolvedEncoderPath))
                problems.Add(string.IsNullOrWhiteSpace(o.EncoderPath)
                    ? $"the shipped sentiment encoder is missing: {o.ResolvedEncoderPath} (build the solution, which copies models/sentiment-encoder.zip, set Sentiment:EncoderPath, or use Sentiment:Mode=fast)"
                    : $"Sentiment:EncoderPath: model file not found: {o.ResolvedEncoderPath}");
            if (o.CascadeThreshold is < 0f or > 1f or float.NaN) problems.Add($"Sentiment:CascadeThreshold must be between 0 and 1 (found {o.CascadeThreshold})");
            if (o.FastBlendWeight is < 0f or > 4f or float.NaN) problems.Add($"Sentiment:FastBlendWeight must be between 0 and 4 (found {o.FastBlendWeight})");
            if (o.EncoderThreads < 0) problems.Add($"Sentiment:EncoderThreads must be 0 (all cores) or more (found {o.EncoderThreads})");
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
