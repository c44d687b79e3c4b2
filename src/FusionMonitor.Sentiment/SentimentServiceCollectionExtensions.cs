using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Language;
using FusionMonitor.Sentiment.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Sentiment;

/// <summary><c>Sentiment:*</c>.</summary>
public sealed class SentimentOptions
{
    public const string Section = "Sentiment";

    /// <summary>A trained model file; unset for the shipped <c>models/sentiment.zip</c>. Relative to the working directory.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Detect each post's language and read it with that language's model, leaving languages without one
    /// unscored (the default). False: every post is read by the English model and counts, as before.</summary>
    public bool DetectLanguages { get; set; } = true;

    /// <summary>The file to load: <see cref="ModelPath"/> made absolute, else the shipped model beside the program.</summary>
    public string ResolvedModelPath => string.IsNullOrWhiteSpace(ModelPath) ? LinearSentimentScorer.DefaultModelPath : Path.GetFullPath(ModelPath);
}

public static class SentimentServiceCollectionExtensions
{
    /// <summary>
    /// The sentiment model as <see cref="ISentimentScorer"/>: loaded once, on first use, and shared by every caller (its
    /// scorer is thread-safe). A missing model file is a start-up error naming the path. The per-party reading,
    /// <see cref="ITargetSentimentScorer"/>, is the clause baseline over that scorer (<see cref="ClauseTargetScorer"/>).
    /// <see cref="ISentimentReader"/> reads each post in its language: English with that scorer, the other languages
    /// with their shipped models (<see cref="MultilingualSentimentReader"/>), the rest unscored.
    /// </summary>
    public static IServiceCollection AddFusionSentiment(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<SentimentOptions>().Bind(config.GetSection(SentimentOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentimentOptions>, SentimentOptionsValidator>());
        services.TryAddSingleton<ISentimentScorer>(sp => LinearSentimentScorer.Load(sp.GetRequiredService<IOptions<SentimentOptions>>().Value.ResolvedModelPath));
        services.TryAddSingleton<ITargetSentimentScorer>(sp => new ClauseTargetScorer(sp.GetRequiredService<ISentimentScorer>()));
        services.TryAddSingleton<ISentimentReader>(sp => sp.GetRequiredService<IOptions<SentimentOptions>>().Value.DetectLanguages
            ? new MultilingualSentimentReader(LinguaLanguageDetector.Shared, sp.GetRequiredService<ISentimentScorer>(), MultilingualSentimentReader.ShippedModels)
            : new EnglishOnlyReader(sp.GetRequiredService<ISentimentScorer>()));
        return services;
    }

    private sealed class SentimentOptionsValidator : IValidateOptions<SentimentOptions>
    {
        public ValidateOptionsResult Validate(string? name, SentimentOptions o) => File.Exists(o.ResolvedModelPath)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.IsNullOrWhiteSpace(o.ModelPath)
                ? $"the shipped sentiment model is missing: {o.ResolvedModelPath} (build the solution, which copies models/sentiment.zip, or set Sentiment:ModelPath)"
                : $"Sentiment:ModelPath: model file not found: {o.ResolvedModelPath}");
    }
}
