using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>The app with Fusion Score parameters far from the defaults, so a CLI that ignored them would disagree.</summary>
public sealed class TunedScoringApp : FusionApp
{
    public static readonly IReadOnlyDictionary<string, string> Scoring = new Dictionary<string, string>
    {
        ["Scoring:HalfLife"] = "3.00:00:00",
        ["Scoring:PriorWeight"] = "40",
        ["Scoring:EngagementWeight"] = "2",
        ["Scoring:InfluencerWeight"] = "0.3",
        // The import test sends the same mentions twice, from the same accounts: every mention in full, so the
        // evidence doubles exactly (repeats would count a twentieth; that rule has tests of its own).
        ["Scoring:RepeatWeight"] = "1",
    };

    protected override IReadOnlyDictionary<string, string> Settings => Scoring;
}

/// <summary>
/// The CLI composes from the app's registrations and reads the same settings: with non-default <c>Scoring:*</c>,
/// <c>fusion recompute</c> rebuilds exactly the scores the app serves, and <c>fusion import</c> moves a score exactly
/// as pushing the same mentions does. Checked through the CLI (a real process for the environment variables) and
/// the HTTP API.
/// </summary>
public sealed class CliParityTests(TunedScoringApp app) : IClassFixture<TunedScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Recompute_WithTheAppsScoringSettingsInTheEnvironment_ReproducesTheAppsScores()
    {
        var c = app.Client();
        var (pairId, brand, person) = await NewPairAsync(c);
        await PushAsync(c, Mentions(brand, person, "push"));
        var before = await PairAsync(c, pairId);
        Assert.NotEqual(50, before.Score);

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "fusion.dll"), "recompute", "--postgres", app.ConnectionString }) psi.ArgumentList.Add(a);
        foreach (var (key, value) in TunedScoringApp.Scoring) psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var cli = Process.Start(psi)!;
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(cli.ExitCode == 0, $"fusion recompute failed ({cli.ExitCode}): {await output}{await error}");
        Assert.Contains("scores rebuilt", await output);

        var after = await PairAsync(c, pairId);
        Assert.Equal(before.Score, after.Score, 0.02);
        Assert.Equal(before.Confidence, after.Confidence, 0.002);
        Assert.Equal(before.CoMention, after.CoMention, 0.02);
        Assert.Equal(before.Influencer, after.Influencer, 0.02);
    }

    [Fact]
    public async Task Import_WithTheAppsScoringSettings_MovesTheScoreAsAPushOfTheSameMentionsDoes()
    {
        var c = app.Client();
        var (pairId, brand, person) = await NewPairAsync(c);
        await PushAsync(c, Mentions(brand, person, "push"));
        var pushed = await PairAsync(c, pairId);

        // The same mentions again (another source, so not duplicates), through the CLI this time.
        var file = Path.Combine(Path.GetTempPath(), $"fusion-import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, Mentions(brand, person, "import").Select(m => JsonSerializer.Serialize(m, JsonSerializerOptions.Web)));
        try
        {
            var settings = TunedScoringApp.Scoring.Select(kv => $"--{kv.Key}={kv.Value}");
            var (code, output, error) = await FusionCli.RunAsync(["import", "--file", file, "--postgres", app.ConnectionString, .. settings]);
            Assert.True(code == 0, $"fusion import failed ({code}): {output}{error}");
            Assert.Contains("12 accepted", output);
        }
        finally
        {
            File.Delete(file);
        }
        var imported = await PairAsync(c, pairId);

        // Every scope the pair reads got the same evidence twice: its evidence mass and its net evidence double
        // exactly when the import weighed and decayed each mention as the push did.
        Assert.Equal(2 * pushed.Evidence, imported.Evidence, 0.02 * pushed.Evidence);
        Assert.Equal(2 * pushed.Net, imported.Net, 0.02 * Math.Abs(pushed.Net));

        // The app's follow-up cycle reads the change feed, whoever wrote the scopes: within a cycle or two it records
        // the imported score in the pair's history, the one the app serves (same parameters).
        var recorded = double.NaN;
        for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(250))
        {
            var series = await c.GetFromJsonAsync<JsonElement>(
                $"/api/pairs/{pairId}/scores?bucket=hour&from={Uri.EscapeDataString(Now.AddHours(-2).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}");
            recorded = series.EnumerateArray().Last().GetProperty("score").GetDouble();
            if (Math.Abs(recorded - imported.Score) <= 0.05) break;
        }
        Assert.Equal(imported.Score, recorded, 0.05);
    }

    private sealed record PairReading(double Score, double Confidence, double CoMention, double Influencer)
    {
        private static readonly double PriorWeight = double.Parse(TunedScoringApp.Scoring["Scoring:PriorWeight"], CultureInfo.InvariantCulture);

        /// <summary>Evidence mass E, from confidence = E / (E + prior).</summary>
        public double Evidence => PriorWeight * Confidence / (1 - Confidence);

        /// <summary>Net evidence N, from score = 50 + 50·N / (prior + E).</summary>
        public double Net => (Score - 50) * (PriorWeight + Evidence) / 50;
    }

    private static async Task<PairReading> PairAsync(HttpClient c, long pairId)
    {
        var p = await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}");
        var components = p.GetProperty("components");
        return new PairReading(p.GetProperty("score").GetDouble(), p.GetProperty("confidence").GetDouble(),
            components.GetProperty("coMention").GetDouble(), components.GetProperty("influencer").GetDouble());
    }

    private static async Task<(long PairId, string Brand, string Person)> NewPairAsync(HttpClient c)
    {
        var brand = Unique("Parity");
        var person = Unique("Quinn");
        var pairId = await c.PairAsync(await c.BrandAsync(brand), await c.InfluencerAsync(person, "q" + Guid.NewGuid().ToString("N")[..8]));
        return (pairId, brand, person);
    }

    /// <summary>Twelve mentions over five days (so the half-life matters), mostly negative, of several reaches.</summary>
    private static object[] Mentions(string brand, string person, string source) => Enumerable.Range(0, 12).Select(i => Mention(
        $"{brand}-{i}",
        i % 4 == 0 ? $"{person} looked great in the {brand} coat, love it" : $"{person} and {brand} were awful together, rude and disappointing",
        Now.AddHours(-10 * i - 1), $"critic{i}", 500 + 700 * i, source)).ToArray();

    private static async Task PushAsync(HttpClient c, object[] mentions)
    {
        var r = await (await c.PostAsJsonAsync("/api/mentions", mentions)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(mentions.Length == r.GetProperty("accepted").GetInt32(), r.ToString());
    }
}
