using System.Diagnostics;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Import;
using FusionMonitor.Ingestion.Pipeline;

namespace FusionMonitor.Cli.Verbs;

/// <summary>Imports a JSON Lines or CSV file through the app's pipeline, in batches, with progress and a summary.</summary>
public sealed class ImportVerb : ICliVerb
{
    public const int BatchSize = 2_000;

    public string Name => "import";

    public string Usage => "--file <path> [--format auto|mentions|google-play|google-business|app-store-connect|trustpilot] [--model <zip>] [--postgres <cs> | --sqlite <path>] [--Section:Key=value ...]";

    public string Summary => "imports mentions from JSON Lines or CSV (same fields as POST /api/mentions), or a review platform's export (with star ratings)";

    public async Task<int> RunAsync(CliArgs args, CliConsole console, CancellationToken ct)
    {
        var file = args.Required("file");
        var formatName = args.Optional("format") ?? "auto";
        await using var services = CliServices.Open(args);
        args.EnsureNoUnknown();
        if (!File.Exists(file)) throw new CliFailureException($"file not found: {file}");
        ReviewExport? export = formatName.ToLowerInvariant() switch
        {
            "auto" => ReviewExportReader.Sniff(file),
            "mentions" => null,
            _ when ReviewExportReader.Names.TryGetValue(formatName, out var named) => named,
            _ => throw new CliFailureException($"unknown --format '{formatName}'; use auto, mentions, {string.Join(", ", ReviewExportReader.Names.Keys)}"),
        };
        if (export is not null) await console.Error.WriteLineAsync($"reading {file} as a {export} review export");

        await services.EnsureMigratedAsync(console, ct);
        services.Scorer();
        var pipeline = services.Get<MentionPipeline>();

        long accepted = 0, duplicates = 0, rejectedCount = 0, lines = 0;
        var firstRejections = new List<string>();
        var watch = Stopwatch.StartNew();
        var batch = new List<IncomingMention?>(BatchSize);
        var batchLines = new List<int>(BatchSize);
        var preRejected = new List<RejectedItem>();

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            var report = await pipeline.IngestAsync(batch, preRejected, ct: ct);
            accepted += report.Accepted;
            duplicates += report.Duplicates;
            rejectedCount += report.Rejected.Count;
            foreach (var r in report.Rejected.Take(Math.Max(0, 10 - firstRejections.Count)))
                firstRejections.Add($"line {batchLines[r.Index]}: {r.Reason}");
            batch.Clear();
            batchLines.Clear();
            preRejected.Clear();
            await console.Error.WriteLineAsync($"  {lines:N0} lines read: {accepted:N0} accepted, {duplicates:N0} duplicate, {rejectedCount:N0} rejected ({lines / Math.Max(0.001, watch.Elapsed.TotalSeconds):N0} lines/s)");
        }

        try
        {
            var records = export is { } e ? ReviewExportReader.ReadFileAsync(file, e, ct) : MentionFileReader.ReadFileAsync(file, ct);
            await foreach (var record in records)
            {
                lines++;
                if (record.Mention is null) preRejected.Add((record.Rejected ?? new RejectedItem(0, "unreadable line")) with { Index = batch.Count });
                batch.Add(record.Mention);
                batchLines.Add(record.Line);
                if (batch.Count >= BatchSize) await FlushAsync();
            }
            await FlushAsync();
        }
        catch (IOException e)
        {
            throw new CliFailureException($"cannot read {file}: {e.Message}");
        }

        await console.Out.WriteLineAsync($"imported {file}: {accepted:N0} accepted, {duplicates:N0} duplicate, {rejectedCount:N0} rejected, in {watch.Elapsed.TotalSeconds:F1} s");
        foreach (var r in firstRejections) await console.Out.WriteLineAsync("  rejected " + r);
        if (rejectedCount > firstRejections.Count) await console.Out.WriteLineAsync($"  … and {rejectedCount - firstRejections.Count:N0} more (all are in the quarantine, rejected_items)");
        return 0;
    }
}
