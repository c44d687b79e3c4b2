using System.Diagnostics;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace FusionMonitor.Bench.Storage;

/// <summary>
/// Bulk ingest through the store (COPY into staging + idempotent insert + links) against raw binary COPY of the same
/// rows into identical tables (a copy of <c>mentions</c> and of its two link tables, same indexes), in the same run,
/// alternating rounds; then SQLite through its store. The baseline writes exactly the data the store writes, with no
/// duplicate check: the ratio is the price of idempotent, validated ingest.
/// Target (issue 2): the store path reaches at least 60% of raw COPY throughput.
/// </summary>
public sealed class IngestBenchmark : IBenchHarness
{
    public string Name => "ingest";

    public string Description => "bulk ingest: store path vs raw COPY on PostgreSQL, and SQLite through its store  [--rows N] [--batch N] [--rounds N]";

    public async Task RunAsync(string[] args, CancellationToken ct)
    {
        var rows = BenchArgs.Int(args, "--rows", 100_000);
        var batchSize = BenchArgs.Int(args, "--batch", 5_000);
        var rounds = BenchArgs.Int(args, "--rounds", 5);
        Console.WriteLine(Machine.Describe());
        var data = Generate(rows);
        Console.WriteLine($"{rows:N0} rows of ~{data.Average(d => d.Mention.Text.Length):F0}-character text, batches of {batchSize:N0}, {rounds} rounds");

        var server = await PostgresServer.SharedAsync();
        var raw = new List<double>();
        var store = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            raw.Add(await RawCopyAsync(await server.CreateDatabaseAsync("bench"), data, batchSize, ct));
            store.Add(await StoreAsync(BenchServices.Create(await server.CreateDatabaseAsync("bench")), data, batchSize, ct));
            Console.WriteLine($"  round {r + 1}: raw COPY {raw[^1]:N0} rows/s, store {store[^1]:N0} rows/s ({store[^1] / raw[^1]:P0})");
        }
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"fusion-bench-{Guid.NewGuid():N}.db");
        var sqlite = await StoreAsync(BenchServices.Create(null, sqlitePath), data, batchSize, ct);
        File.Delete(sqlitePath);

        Console.WriteLine();
        Console.WriteLine($"PostgreSQL raw binary COPY (baseline): {Machine.Median(raw):N0} rows/s (median of {rounds})");
        var ratios = raw.Zip(store, (r, s) => s / r).ToList();
        Console.WriteLine($"PostgreSQL store path:                 {Machine.Median(store):N0} rows/s (median of {rounds})");
        Console.WriteLine($"store ÷ raw COPY, per round:           {string.Join(", ", ratios.Select(r => r.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}; median {Machine.Median(ratios):P0} (target ≥ 60%)");
        Console.WriteLine($"SQLite store path:                     {sqlite:N0} rows/s");
        Console.WriteLine($"Re-ingesting the same rows adds nothing: verified by the store tests (Ingest_SameBatchTwice_AddsNothingAndReportsDuplicates).");
    }

    private static async Task<double> StoreAsync(ServiceProvider services, IReadOnlyList<ScoredMention> data, int batchSize, CancellationToken ct)
    {
        await using (services)
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            var store = services.GetRequiredService<MentionStore>();
            var now = DateTimeOffset.UtcNow;
            var watch = Stopwatch.StartNew();
            var accepted = 0;
            foreach (var batch in data.Chunk(batchSize))
                accepted += (await store.IngestAsync(batch, now: now, ct: ct)).Accepted;
            watch.Stop();
            if (accepted != data.Count) throw new InvalidOperationException($"store accepted {accepted} of {data.Count}");
            return data.Count / watch.Elapsed.TotalSeconds;
        }
    }

    private static async Task<double> RawCopyAsync(string connectionString, IReadOnlyList<ScoredMention> data, int batchSize, CancellationToken ct)
    {
        await using (var services = BenchServices.Create(connectionString)) await services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using (var create = new NpgsqlCommand(
            "create table mentions_raw (like mentions including all); create table brands_raw (like mention_brands including all); create table influencers_raw (like mention_influencers including all)", conn))
            await create.ExecuteNonQueryAsync(ct);
        var watch = Stopwatch.StartNew();
        long nextId = 1;
        foreach (var batch in data.Chunk(batchSize))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var firstId = nextId;
            await using (var w = await conn.BeginBinaryImportAsync(
                "copy mentions_raw (id, source, external_id, url, author_handle, author_name, author_followers, text, lang, created_at, ingested_at, likes, reposts, replies, rating, label, p_neg, p_neu, p_pos, model_version, matched) from stdin (format binary)", ct))
            {
                foreach (var s in batch)
                {
                    var m = s.Mention;
                    var e = m.Engagement ?? Engagement.None;
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(nextId++, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(m.Source, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.ExternalId, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.Url!, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.Author.Handle, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.Author.Name!, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.Author.Followers!.Value, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(m.Text, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.Lang!, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(m.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(s.IngestedAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(e.Likes, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(e.Reposts, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(e.Replies, NpgsqlDbType.Bigint, ct);
                    await w.WriteNullAsync(ct);
                    await w.WriteAsync((short)s.Sentiment.Label, NpgsqlDbType.Smallint, ct);
                    await w.WriteAsync(s.Sentiment.PNeg, NpgsqlDbType.Real, ct);
                    await w.WriteAsync(s.Sentiment.PNeu, NpgsqlDbType.Real, ct);
                    await w.WriteAsync(s.Sentiment.PPos, NpgsqlDbType.Real, ct);
                    await w.WriteAsync(s.ModelVersion, NpgsqlDbType.Text, ct);
                    await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                }
                await w.CompleteAsync(ct);
            }
            await CopyLinksAsync(conn, "brands_raw (mention_id, brand_id)", batch.Select((s, k) => (firstId + k, s.BrandIds)), ct);
            await CopyLinksAsync(conn, "influencers_raw (mention_id, influencer_id)", batch.Select((s, k) => (firstId + k, s.InfluencerIds)), ct);
            await tx.CommitAsync(ct);
        }
        watch.Stop();
        return data.Count / watch.Elapsed.TotalSeconds;
    }

    private static async Task CopyLinksAsync(NpgsqlConnection conn, string target, IEnumerable<(long Id, IReadOnlyList<long> Ids)> links, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync($"copy {target} from stdin (format binary)", ct);
        foreach (var (id, entities) in links)
        {
            foreach (var e in entities)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e, NpgsqlDbType.Bigint, ct);
            }
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>Realistic rows: ~200-character texts, varied authors, one brand and one influencer each.</summary>
    public static List<ScoredMention> Generate(int count, int seed = 7)
    {
        var rng = new Random(seed);
        string[] words = ["love", "the", "new", "sweater", "from", "Glitter", "Knits", "honestly", "worst", "service", "ever", "at", "Salmon", "House",
            "Nova", "Reyes", "wore", "it", "on", "stage", "last", "night", "and", "looked", "amazing", "#concert", "@novareyes", "https://example.org/p/1", "not", "great"];
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var list = new List<ScoredMention>(count);
        for (var i = 0; i < count; i++)
        {
            var text = new System.Text.StringBuilder(220);
            while (text.Length < 190) text.Append(words[rng.Next(words.Length)]).Append(' ');
            var pPos = (float)rng.NextDouble();
            var pNeg = (float)(rng.NextDouble() * (1 - pPos));
            list.Add(new ScoredMention(
                new IncomingMention("bench", $"m{i}", text.ToString().TrimEnd(), start.AddSeconds(i * 10), new Author($"user{rng.Next(50_000)}", "Some Body", rng.Next(10, 2_000_000)),
                    $"https://example.org/posts/{i}", "en", new Engagement(rng.Next(500), rng.Next(50), rng.Next(30))),
                new SentimentScore(pNeg, 1 - pPos - pNeg, pPos), "bench-model", [1 + rng.Next(5)], [1 + rng.Next(5)], DateTimeOffset.UtcNow));
        }
        return list;
    }

}
