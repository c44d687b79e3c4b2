using FusionMonitor.Sentiment.Scoring;

namespace FusionMonitor.Cli.Verbs;

/// <summary>Loads the model a sentiment verb asked for, turning a missing or broken file into a clear CLI error.</summary>
internal static class SentimentModelLoader
{
    public static LinearSentimentScorer Load(string? path)
    {
        path ??= LinearSentimentScorer.DefaultModelPath;
        try
        {
            return LinearSentimentScorer.Load(path);
        }
        catch (FileNotFoundException)
        {
            throw new CliFailureException($"model file not found: {path}");
        }
        catch (InvalidDataException e)
        {
            throw new CliFailureException(e.Message);
        }
    }
}
