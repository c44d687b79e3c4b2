using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using FusionMonitor.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using static FusionMonitor.Web.Tests.Infrastructure.Api;

namespace FusionMonitor.Web.Tests;

/// <summary>
/// The scale issue's black-box check, through the public API on PostgreSQL: a brand with 10,000 tracked consumers
/// (10,000 influencers and pairs created by API calls) and a brand with 25, in one app. The same number of mentions goes
/// into each world, a chunk at a time and alternately (so a slower moment of a shared machine falls on both), and the
/// two ingest rates are reported side by side; then a burst of complaints in the large world must open its alert
/// within a minute. The rates are printed, not asserted (speed is measured in bench/, docs/benchmarks.md).
/// </summary>
public sealed class LargeWorldTests(FusionApp app, ITestOutputHelper output) : IClassFixture<FusionApp>
{
    private const int Consumers = 10_000;
    private const int Mentions = 10_000;
    private const int Chunk = 500;

    private static readonly string[] Things = ["sweater", "scarf", "hat", "cardigan", "jumper", "gloves", "socks", "coat", "dress", "beanie"];
    private static readonly string[] Praise =
        ["so cosy", "love it", "great fit", "lovely colour", "really warm", "well made", "a perfect gift", "super soft", "very happy with it", "looks great on me"];

    [Fact]
    public async Task Ten_thousand_pairs_ingest_like_twenty_five_and_a_burst_still_alerts_within_a_minute()
    {
        var c = app.Client();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var big = Unique("Wide Wool");
        var small = Unique("Narrow Knit");
        var bigId = await c.BrandAsync(big);
        var smallId = await c.BrandAsync(small);

        var bigHandles = await TrackAsync(c, bigId, Consumers, $"w{suffix}", output);
        var smallHandles = await TrackAsync(c, smallId, 25, $"n{suffix}", output);

        // Every pair is there, and listed for its brand.
        var listed = await c.GetFromJsonAsync<JsonElement>($"/api/pairs?brandId={bigId}");
        Assert.Equal(Consumers, listed.GetArrayLength());

        // Ten calm days in each world: each post names the brand and tags one of its people.
        var now = DateTimeOffset.UtcNow;
        var bigTime = TimeSpan.Zero;
        var smallTime = TimeSpan.Zero;
        for (var start = 0; start < Mentions; start += Chunk)
        {
            bigTime += await PushAsync(c, Calm(big, bigHandles, start, now, $"w{suffix}"));
            smallTime += await PushAsync(c, Calm(small, smallHandles, start, now, $"n{suffix}"));
        }
        var bigRate = Mentions / bigTime.TotalSeconds;
        var smallRate = Mentions / smallTime.TotalSeconds;
        output.WriteLine($"ingest: {Consumers:N0} pairs {bigRate:F0} mentions/s, 25 pairs {smallRate:F0} mentions/s — {bigRate / smallRate:P0} of the small world's rate");

        // Every calm post moved its own pair: the large world's pairs all have co-mentions.
        var pairs = (await c.GetFromJsonAsync<JsonElement>($"/api/pairs?brandId={bigId}")).EnumerateArray().ToList();
        Assert.Equal(Consumers, pairs.Count);
        Assert.All(pairs, p => Assert.True(p.GetProperty("mentions").GetDouble() > 0, $"pair {p.GetProperty("id")} has no mentions"));

        // A burst of complaints in the large world: its alert opens within a minute of the posts being accepted.
        var burst = Complaints.Burst(big, bigHandles[0], DateTimeOffset.UtcNow);
        var pushed = Stopwatch.StartNew();
        (await c.PostAsJsonAsync("/api/mentions", burst)).EnsureSuccessStatusCode();
        while (true)
        {
            var open = await c.GetFromJsonAsync<JsonElement>($"/api/alerts?status=open&brandId={bigId}");
            if (open.EnumerateArray().Any(a => a.GetProperty("kind").GetString() == "negativeSpike"
                && a.GetProperty("brandId").ValueKind == JsonValueKind.Number && a.GetProperty("brandId").GetInt64() == bigId)) break;
            if (pushed.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"no negativeSpike for {big} within 60 s of the burst\n" + await AlertDiagnostics.DumpAsync(app, bigId));
            await Task.Delay(250);
        }
        output.WriteLine($"the burst's alert opened {pushed.Elapsed.TotalSeconds:F1} s after its posts were accepted");
    }

    /// <summary>Creates <paramref name="count"/> influencers (each with a Bluesky handle) and pairs them with the brand,
    /// a few requests at a time, as an import script would; returns the handles in order.</summary>
    private static async Task<string[]> TrackAsync(HttpClient c, long brandId, int count, string tag, ITestOutputHelper output)
    {
        var handles = Enumerable.Range(0, count).Select(i => $"{tag}p{i}.bsky.social").ToArray();
        var ids = new long[count];
        var took = Stopwatch.StartNew();
        var thousands = new List<double>();
        for (var start = 0; start < count; start += 1_000)
        {
            var part = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(start, Math.Min(1_000, count - start)), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
                ids[i] = await c.InfluencerAsync($"Consumer {tag} {i}", handles[i]));
            thousands.Add(part.Elapsed.TotalSeconds);
        }
        var influencers = took.Elapsed;
        if (count > 1_000) output.WriteLine($"each thousand influencers took (s): {string.Join(", ", thousands.Select(t => t.ToString("F1")))}");
        took.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            await c.PairAsync(brandId, ids[i]));
        output.WriteLine($"{count:N0} influencers created in {influencers.TotalSeconds:F1} s, their pairs in {took.Elapsed.TotalSeconds:F1} s");
        return handles;
    }

    /// <summary>One chunk of the calm past: post <c>i</c> tags person <c>i</c> (round the world's people), written by
    /// its own author, spread evenly over the last ten days.</summary>
    private static object[] Calm(string brand, string[] handles, int start, DateTimeOffset now, string tag) =>
        Enumerable.Range(start, Chunk).Select(i => Mention($"{tag}-{i}",
            $"@{handles[i % handles.Length]} my new {brand} {Things[i % Things.Length]}, {Praise[i / Things.Length % Praise.Length]}",
            now.AddDays(-10).AddSeconds(i * 10.0 * 86_400 / Mentions), $"{tag}r{i}", 300 + i % 5_000)).ToArray();

    private static async Task<TimeSpan> PushAsync(HttpClient c, object[] chunk)
    {
        var took = Stopwatch.StartNew();
        var r = await c.PostAsJsonAsync("/api/mentions", chunk);
        r.EnsureSuccessStatusCode();
        var elapsed = took.Elapsed;
        var body = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(chunk.Length, body.GetProperty("accepted").GetInt32());
        return elapsed;
    }
}
