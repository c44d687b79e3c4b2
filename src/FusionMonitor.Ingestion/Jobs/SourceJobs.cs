using System.Diagnostics;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Sources;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Jobs;

/// <summary>
/// The polling schedule, run by Hangfire. <see cref="DispatchDueAsync"/> (a recurring job) claims the sources whose
/// next check has come and queues one <see cref="FetchAsync"/> job each, so the fetches spread over every app instance's
/// workers. A fetch stores its mentions and moves its cursor in one transaction; a failure is recorded in the source's
/// history, backs the source off (<see cref="Core.Sources.SourceSchedule"/>), and is rethrown so Hangfire shows the
/// failed job. Retrying is the schedule's alone: Hangfire runs each job once (no <see cref="AutomaticRetryAttribute"/>
/// attempts, so a failure counts once in the source's error count), and the HTTP pipeline retries only single
/// requests within a fetch (seconds, honouring Retry-After). See docs/connectors.md.
/// </summary>
public sealed class SourceJobs(
    SourceStore sources,
    ConnectorRegistry connectors,
    MentionPipeline pipeline,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    ILogger<SourceJobs> log)
{
    public const string DispatchJobId = "sources:dispatch";

    /// <summary>How long a claimed source is held before another dispatch may claim it again (a crashed fetch).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)] // the next minute's dispatch is the retry
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var due = await sources.ClaimDueAsync(clock.GetUtcNow(), Lease, limit: 200, ct, exceptKinds: connectors.StreamKinds);
        foreach (var id in due) jobs.Enqueue<SourceJobs>(j => j.FetchAsync(id, CancellationToken.None));
        if (due.Count > 0) log.LogInformation("Queued {Count} due source(s)", due.Count);
        return due.Count;
    }

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)] // the source's backoff is the retry
    public async Task<SourceRun> FetchAsync(long sourceId, CancellationToken ct)
    {
        var source = await sources.GetAsync(sourceId, ct) ?? throw new InvalidOperationException($"source {sourceId} no longer exists");
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        try
        {
            var connector = connectors.TryGet(source.Kind, out var c) ? c : throw new InvalidOperationException($"source {source.Id} has unknown kind '{source.Kind}'");
            using var settings = JsonDocument.Parse(source.Settings);
            var problems = connector.ValidateSettings(settings.RootElement);
            if (problems.Count > 0) throw new InvalidOperationException($"source {source.Id} ({source.Name}) has invalid settings: {string.Join("; ", problems)}");

            var fetched = await connector.FetchAsync(new SourceDefinition(source.Id, source.Kind, source.Name, settings.RootElement.Clone(), source.Cursor), ct);
            SourceRun? run = null;
            // Items the connector could not read are quarantined in the same transaction (their indexes are feed positions).
            await pipeline.IngestAsync(fetched.Mentions, null,
                async (conn, tx, report, token) =>
                {
                    run = new SourceRun(source.Id, started, clock.GetUtcNow(), fetched.Mentions.Count + fetched.Rejected.Count, report.Accepted, report.Duplicates,
                        report.Rejected.Count + fetched.Rejected.Count, null);
                    if (fetched.Rejected.Count > 0)
                        await Storage.Mentions.MentionStore.QuarantineAsync(conn, tx, fetched.Rejected, clock.GetUtcNow(), token);
                    await SourceStore.RecordSuccessAsync(conn, tx, source, fetched.NextCursor, run, token);
                }, ct);
            log.LogInformation("Source {Id} ({Name}): {Fetched} fetched, {New} new, {Dup} duplicate, {Rejected} rejected in {Ms} ms",
                source.Id, source.Name, run!.Fetched, run.New, run.Duplicates, run.Rejected, watch.ElapsedMilliseconds);
            return run;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var run = new SourceRun(source.Id, started, clock.GetUtcNow(), 0, 0, 0, 0, $"{e.GetType().Name}: {e.Message}");
            await sources.RecordFailureAsync(source, run, CancellationToken.None);
            throw;
        }
    }
}
