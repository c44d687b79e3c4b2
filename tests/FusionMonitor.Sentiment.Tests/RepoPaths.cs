namespace FusionMonitor.Sentiment.Tests;

/// <summary>Finds the repository (the folder holding FusionMonitor.sln) and the shared data folder beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ShippedModel => Path.Combine(Root, "models", "sentiment.zip");

    public static string ShippedEncoder => Path.Combine(Root, "models", "sentiment-encoder.zip");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FusionMonitor.sln"))) return dir.FullName;
        throw new InvalidOperationException("FusionMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
