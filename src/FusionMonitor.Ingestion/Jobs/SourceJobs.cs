using System.Diagnostics;
using System.Text.Json;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Sources;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Jobs;

/// <summary>
/// The polling schedule, run by Hangfire. <see cref="DispatchDueAsync"/> (a recurring job, every 15 s) claims the
/// enabled sources whose next check has come and queues one <see cref="FetchAsync(long, string?, CancellationToken)"/>
/// job each, so the fetches spread over every app instance's workers. A claim holds its source for a short lease
/// (<see cref="SourceStore.ClaimDueAsync"/>) that the running fetch renews and whose loss stops it, so no hold outlives a
/// dead instance by more than <see cref="RunningLease"/>, and a job Hangfire hands out again after its worker died finds
/// its claim stale and does nothing: nothing is fetched twice, a disabled source never. A fetch stores its mentions and
/// moves its cursor in one transaction; a failure is recorded in the source's
/// history, backs the source off (<see cref="Core.Sources.SourceSchedule"/>), and is rethrown so Hangfire shows the
/// failed job. Retrying is the schedule's alone: Hangfire runs each job once (no <see cref="AutomaticRetryAttribute"/>
/// attempts, so a failure counts once in the source's error count), and the HTTP pipeline retries only single
/// requests within a fetch (seconds, honouring Retry-After). See docs/connectors.md and docs/operations.md.
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

    /// <summary>How often the dispatch runs (a six-field cron: seconds first).</summary>
    public const string DispatchCron = "*/15 * * * * *";

    /// <summary>How long a claimed source waits in the queue for a worker before another dispatch may claim it again.</summary>
    public static readonly TimeSpan QueuedLease = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The lease of a fetch that is running, renewed every third of it: when the instance running it dies, its
    /// source is free within this long, and the next dispatch (every 15 s) queues it again.
    /// </summary>
    public static readonly TimeSpan RunningLease = TimeSpan.FromSeconds(30);

    /// <summary>
    /// No lock of Hangfire's: claiming is safe by itself (<c>FOR UPDATE SKIP LOCKED</c> and the claims), so a dispatch
    /// that dies mid-way blocks no other dispatch, and two at once claim different sources.
    /// </summary>
    [AutomaticRetry(Attempts = 0)] // the next dispatch is the retry
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var due = await sources.ClaimDueAsync(clock.GetUtcNow(), QueuedLease, limit: 200, ct, exceptKinds: connectors.StreamKinds);
        foreach (var c in due) jobs.Enqueue<SourceJobs>(j => j.FetchAsync(c.SourceId, c.Claim, CancellationToken.None));
        if (due.Count > 0) log.LogInformation("Queued {Count} due source(s)", due.Count);
        return due.Count;
    }

    /// <summary>A "fetch now": fetches the source unless a fetch of it is already under way (or it is disabled).</summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public Task<SourceRun?> FetchAsync(long sourceId, CancellationToken ct) => FetchAsync(sourceId, null, ct);

    /// <summary>
    /// One fetch of a source (<paramref name="claim"/> from the dispatch; null for a "fetch now"). Runs only while its
    /// claim holds the source, renewing it as it goes; a disabled or deleted source, a source another fetch holds, or
    /// a stale claim is skipped (null, logged). Returns the run it recorded.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)] // the source's backoff is the retry
    public async Task<SourceRun?> FetchAsync(long sourceId, string? claim, CancellationToken ct)
    {
        var (source, held, skipped) = await sources.StartFetchAsync(sourceId, claim, clock.GetUtcNow(), RunningLease, ct);
        if (source is null)
        {
            log.LogInformation("Source {Id}: not fetched, {Reason}", sourceId, skipped);
            return null;
        }
        using var holding = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keeper = KeepClaimAsync(source.Id, held, holding);
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        try
        {
            var connector = connectors.TryGet(source.Kind, out var c) ? c : throw new InvalidOperationException($"source {source.Id} has unknown kind '{source.Kind}'");
            using var settings = JsonDocument.Parse(source.Settings);
            var problems = connector.ValidateSettings(settings.RootElement);
            if (problems.Count > 0) throw new InvalidOperationException($"source {source.Id} ({source.Name}) has invalid settings: {string.Join("; ", problems)}");

            var fetched = await connector.FetchAsync(new SourceDefinition(source.Id, source.Kind, source.Name, settings.RootElement.Clone(), source.Cursor), holding.Token);
            SourceRun? run = null;
            // Items the connector could not read are quarantined in the same transaction (their indexes are feed positions).
            await pipeline.IngestAsync(fetched.Mentions, null,
                async (conn, tx, report, token) =>
                {
                    run = new SourceRun(source.Id, started, clock.GetUtcNow(), fetched.Mentions.Count + fetched.Rejected.Count, report.Accepted, report.Duplicates,
                        report.Rejected.Count + fetched.Rejected.Count, null);
                    if (fetched.Rejected.Count > 0)
                        await Storage.Mentions.MentionStore.QuarantineAsync(conn, tx, fetched.Rejected, clock.GetUtcNow(), token);
                    await SourceStore.RecordSuccessAsync(conn, tx, source, held, fetched.NextCursor, run, token);
                }, holding.Token);
            log.LogInformation("Source {Id} ({Name}): {Fetched} fetched, {New} new, {Dup} duplicate, {Rejected} rejected in {Ms} ms",
                source.Id, source.Name, run!.Fetched, run.New, run.Duplicates, run.Rejected, watch.ElapsedMilliseconds);
            return run;
        }
        catch (SourceClaimLostException e)
        {
            log.LogWarning("Source {Id}: {Message}; this fetch stored nothing", source.Id, e.Message);
            return null;
        }
        catch (OperationCanceledException) when (holding.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            log.LogWarning("Source {Id}: the claim went to another fetch while this one ran; stopped, nothing stored", source.Id);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var run = new SourceRun(source.Id, started, clock.GetUtcNow(), 0, 0, 0, 0, $"{e.GetType().Name}: {e.Message}");
            if (!await sources.RecordFailureAsync(source, held, run, CancellationToken.None))
            {
                log.LogWarning(e, "Source {Id}: failed after its claim went to another fetch; not recorded", source.Id);
                return null;
            }
            throw;
        }
        finally
        {
            await holding.CancelAsync();
            await keeper;
        }
    }

    /// <summary>Renews the fetch's claim every third of its lease; cancels the fetch when the claim went to another fetch.</summary>
    private async Task KeepClaimAsync(long sourceId, string claim, CancellationTokenSource holding)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RunningLease / 3, clock, holding.Token);
                bool kept;
                try { kept = await sources.RenewAsync(sourceId, claim, clock.GetUtcNow(), RunningLease, holding.Token); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Source {Id}: could not renew the fetch's claim; trying again", sourceId);
                    continue;
                }
                if (!kept)
                {
                    await holding.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the fetch is over
        }
    }
}
