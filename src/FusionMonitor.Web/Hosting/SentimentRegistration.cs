using FusionMonitor.Core.Sentiment;
using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Web.Hosting;

public static class SentimentRegistration
{
    /// <summary>
    /// The sentiment model, loaded once (on first use, during start-up) and shared by every request: its scorer is
    /// thread-safe. <c>Sentiment:ModelPath</c> overrides the shipped <c>models/sentiment.zip</c>.
    /// </summary>
    public static WebApplicationBuilder AddFusionSentiment(this WebApplicationBuilder builder)
    {
        var path = builder.Configuration["Sentiment:ModelPath"] is { Length: > 0 } p ? Path.GetFullPath(p) : LinearSentimentScorer.DefaultModelPath;
        builder.Services.AddSingleton<ISentimentScorer>(_ => File.Exists(path)
            ? LinearSentimentScorer.Load(path)
            : throw new FileNotFoundException($"The sentiment model is missing: {path}. Build the solution (it copies models/sentiment.zip) or set Sentiment:ModelPath.", path));
        return builder;
    }
}
