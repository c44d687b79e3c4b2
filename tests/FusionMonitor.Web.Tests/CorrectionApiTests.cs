using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Cli;
using FusionMonitor.Web.Tests.Infrastructure;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

public sealed class CorrectionApiTestsOnPostgres(FusionApp app) : CorrectionApiTests(app), IClassFixture<FusionApp>
{
    protected override string[] StoreArgs => ["--postgres", App.ConnectionString];
}

public sealed class CorrectionApiTestsOnSqlite(SqliteFusionApp app) : CorrectionApiTests(app), IClassFixture<SqliteFusionApp>
{
    protected override string[] StoreArgs => ["--sqlite", app.SqlitePath];
}

/// <summary>
/// Corrections end to end through the HTTP API, on each database: an analyst's label replaces the model's for
/// scoring (the pair's score moves, the list shows it with the model's reading beside it), a re-read by the model
/// (<c>fusion rescore</c>) does not undo it, and <c>GET /api/corrections?format=tsv</c> is a file <c>fusion train</c>
/// takes with the shared data beside it.
/// </summary>
public abstract class CorrectionApiTests(FusionApp app)
{
    protected FusionApp App { get; } = app;

    protected abstract string[] StoreArgs { get; }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task A_correction_moves_the_score_survives_a_rescore_and_exports_for_train()
    {
        var c = App.Client();
        var brand = Unique("Kettle & Crumb");
        var handle = $"sasha{Guid.NewGuid().ToString("N")[..6]}";
        var brandId = await c.BrandAsync(brand);
        var pairId = await c.PairAsync(brandId, await c.InfluencerAsync("Sasha " + handle, handle));
        var now = DateTimeOffset.UtcNow;
        var texts = new[]
        {
            $"@{handle} at {brand} again, the sourdough is unreal 😍",
            $"@{handle} says {brand} was fine, nothing special",
            $"{brand} staff were so lovely to @{handle}, what a place",
        };
        (await c.PostAsJsonAsync("/api/mentions", texts.Select((t, i) => Mention($"{handle}-{i}", t, now.AddMinutes(-10 + i), $"fan{i}", 20_000)).ToList())).EnsureSuccessStatusCode();
        var mentions = await ListAsync(c, brandId);
        var target = mentions.Single(m => m.GetProperty("text").GetString() == texts[2]);
        var id = target.GetProperty("id").GetInt64();
        var modelLabel = target.GetProperty("sentiment").GetProperty("label").GetString();
        Assert.NotEqual("negative", modelLabel); // the premise: the model takes the praise for what it says…
        const string wanted = "negative";        // …and the analyst, who knows the account is sarcastic, says otherwise
        var before = await ScoreAsync(c, pairId);

        var patched = await c.PatchAsJsonAsync($"/api/mentions/{id}/sentiment", new { label = wanted });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var result = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(wanted, result.GetProperty("label").GetString());
        Assert.Equal(modelLabel, result.GetProperty("previousLabel").GetString());
        Assert.Contains("bootstrap", result.GetProperty("correctedBy").GetString()); // the bootstrap key's name and id
        var after = await ScoreAsync(c, pairId);
        Assert.True(wanted == "negative" ? after < before : after > before, $"{modelLabel} -> {wanted} should move the pair: {before} -> {after}");
        var listed = (await ListAsync(c, brandId)).Single(m => m.GetProperty("id").GetInt64() == id);
        Assert.Equal(wanted, listed.GetProperty("sentiment").GetProperty("label").GetString());
        Assert.Equal(wanted == "negative" ? -1 : 1, listed.GetProperty("sentiment").GetProperty("polarity").GetDouble());
        Assert.Equal(modelLabel, listed.GetProperty("correction").GetProperty("modelLabel").GetString());
        Assert.Contains(await ListAsync(c, brandId, wanted), m => m.GetProperty("id").GetInt64() == id);

        // The model reads every mention again and every score is rebuilt: the correction stands.
        var (code, _, error) = await FusionCli.RunAsync(["rescore", .. StoreArgs]);
        Assert.True(code == 0, error);
        Assert.Equal(after, await ScoreAsync(c, pairId), 0.05); // a tolerance: the score decays between the two reads
        Assert.Equal(wanted, (await ListAsync(c, brandId)).Single(m => m.GetProperty("id").GetInt64() == id).GetProperty("sentiment").GetProperty("label").GetString());

        // The export is the training format: a header, then label<TAB>text per corrected mention.
        var tsv = await c.GetAsync("/api/corrections?format=tsv");
        Assert.Equal("text/tab-separated-values", tsv.Content.Headers.ContentType?.MediaType);
        var lines = (await tsv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("label\ttext", lines[0]);
        Assert.Contains($"{wanted}\t{texts[2]}", lines);
        var json = await c.GetFromJsonAsync<JsonElement>("/api/corrections");
        Assert.Contains(json.EnumerateArray(), e => e.GetProperty("mentionId").GetInt64() == id && e.GetProperty("label").GetString() == wanted);

        // …which fusion train takes beside another file, weighted.
        var dir = Directory.CreateTempSubdirectory("fusion-corrections-").FullName;
        try
        {
            var corrections = Path.Combine(dir, "corrections.tsv");
            await File.WriteAllTextAsync(corrections, await tsv.Content.ReadAsStringAsync());
            var basis = Path.Combine(dir, "basis.tsv");
            await File.WriteAllTextAsync(basis, "label\ttext\npositive\tlove it, great\nnegative\tawful, so rude\nneutral\tthe shop opens at nine\n");
            var model = Path.Combine(dir, "m.zip");
            (code, _, error) = await FusionCli.RunAsync(["train", "--train", $"{basis},{corrections}", "--weights", "1,5", "--out", model, "--bits", "12",
                "--cnn-filters", "0", "--embedding-weight", "0", "--cluster-weight", "0", "--name", "corrected"]);
            Assert.True(code == 0, error);
            Assert.Contains($"read corrections.tsv: {lines.Length - 1} rows", error); // every exported row was read…
            Assert.Contains("featurised corrections.tsv: ", error);
            Assert.Contains("weight 5", error);                                       // …and weighted as asked
            // The corrections teach it: the model trained on them reads each corrected text as the analyst did…
            Assert.Equal(1.0, await AccuracyAsync(corrections, model));
            // …and it is their weight that does: weighted next to nothing, the same rows leave the text read as before.
            var light = Path.Combine(dir, "light.zip");
            (code, _, error) = await FusionCli.RunAsync(["train", "--train", $"{basis},{corrections}", "--weights", "1,0.01", "--out", light, "--bits", "12",
                "--cnn-filters", "0", "--embedding-weight", "0", "--cluster-weight", "0", "--name", "light"]);
            Assert.True(code == 0, error);
            Assert.True(await AccuracyAsync(corrections, light) < 1.0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Bad_corrections_are_problems_and_viewers_may_not_correct()
    {
        var c = App.Client();
        var brand = Unique("Lark Denim");
        var brandId = await c.BrandAsync(brand);
        (await c.PostAsJsonAsync("/api/mentions", new[] { Mention(Guid.NewGuid().ToString(), $"{brand} jeans, fine", DateTimeOffset.UtcNow) })).EnsureSuccessStatusCode();
        var id = (await ListAsync(c, brandId))[0].GetProperty("id").GetInt64();

        var bad = await c.PatchAsJsonAsync($"/api/mentions/{id}/sentiment", new { label = "great" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Contains("label", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PatchAsJsonAsync($"/api/mentions/{id}/sentiment", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.PatchAsJsonAsync("/api/mentions/x/sentiment", new { label = "positive" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PatchAsJsonAsync($"/api/mentions/{id + 100_000}/sentiment", new { label = "positive" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.GetAsync("/api/corrections?format=xml")).StatusCode);

        var viewer = App.Client((await (await c.PostAsJsonAsync("/api/keys", new { name = "viewer", role = "viewer" })).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsJsonAsync($"/api/mentions/{id}/sentiment", new { label = "positive" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/corrections?format=tsv")).StatusCode);
        var other = App.Client((await (await c.PostAsJsonAsync("/api/keys", new { name = "elsewhere", role = "analyst", brandIds = new[] { await c.BrandAsync(Unique("Other")) } }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchAsJsonAsync($"/api/mentions/{id}/sentiment", new { label = "positive" })).StatusCode);
        Assert.Equal("label\ttext\n", await other.GetStringAsync("/api/corrections?format=tsv"));
        Assert.Equal(JsonValueKind.Null, (await ListAsync(c, brandId))[0].GetProperty("correction").ValueKind); // nothing was corrected
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient c, long brandId, string? label = null) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/mentions?brandId={brandId}&limit=100{(label is null ? "" : "&label=" + label)}", Web))
            .GetProperty("items").EnumerateArray().ToList();

    private static async Task<double> ScoreAsync(HttpClient c, long pairId) =>
        (await c.GetFromJsonAsync<JsonElement>($"/api/pairs/{pairId}", Web)).GetProperty("score").GetDouble();

    /// <summary><c>fusion evaluate --json</c>'s accuracy of <paramref name="model"/> on the labelled file <paramref name="data"/>.</summary>
    private static async Task<double> AccuracyAsync(string data, string model)
    {
        var (code, output, error) = await FusionCli.RunAsync(["evaluate", "--data", data, "--model", model, "--json"]);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("accuracy").GetDouble();
    }
}
