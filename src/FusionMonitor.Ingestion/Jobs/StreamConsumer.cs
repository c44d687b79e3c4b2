using System.Collections.Concurrent;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Ingestion.Connectors;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Ingestion.Pipeline;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Jobs;

/// <summary>Settings of the stream consumer (section <c>Streams</c>).</summary>
public sealed class StreamOptions
{
    public const string Section = "Streams";

    /// <summary>Off: this instance never consumes a stream (another may).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the instance looks for stream sources nobody consumes.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a lease lasts unrenewed: the longest a dead consumer's source waits for another instance.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait after a broken connection; doubled (with jitter) on each failure in a row, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Runs the stream sources (<see cref="IStreamConnector"/>, e.g. Bluesky Jetstream) on every app instance, one
/// consumer per source across all instances: an instance consumes a source only while it holds that source's lease
/// (<see cref="StreamLeaseStore"/>), renewed a few times per lease period; when it dies, the lease runs out and the
/// next instance to scan takes the source over from the stored cursor. Events that mention no tracked brand or
/// influencer are dropped before anything is stored; the rest are ingested in batches (by size or age), each in the
/// transaction that moves the cursor, guarded by the lease. A broken connection is retried with exponential backoff
/// and jitter, resumed from the cursor (minus the source's replay margin), and recorded as the source's last error.
/// </summary>
public sealed class StreamConsumer(
    SourceStore sources,
    StreamLeaseStore leases,
    ConnectorRegistry connectors,
    MentionPipeline pipeline,
    EntityCatalog catalog,
    AppReadiness readiness,
    IOptions<StreamOptions> options,
    TimeProvider clock,
    ILogger<StreamConsumer> log) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private readonly StreamOptions _o = options.Value;
    private readonly TimeProvider _clock = clock;
    private readonly MentionPipeline _pipeline = pipeline;
    private readonly EntityCatalog _catalog = catalog;
    private readonly ILogger _log = log;

    /// <summary>This instance's name on the leases it holds.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The sources this instance is consuming now.</summary>
    public IReadOnlyCollection<long> Consuming => _running.Where(r => !r.Value.IsCompleted).Select(r => r.Key).ToList();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!_o.Enabled) return;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (readiness.IsReady) await ScanAsync(stop); // not before the migrations ran
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogWarning(e, "Stream scan failed; trying again in {Interval}", _o.ScanInterval);
            }
            try
            {
                await Task.Delay(_o.ScanInterval, _clock, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_running.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    private async Task ScanAsync(CancellationToken stop)
    {
        var kinds = connectors.StreamKinds;
        if (kinds.Count == 0) return;
        foreach (var source in await sources.ListAsync(stop))
        {
            if (!source.Enabled || !kinds.Contains(source.Kind, StringComparer.OrdinalIgnoreCase)) continue;
            if (_running.TryGetValue(source.Id, out var task) && !task.IsCompleted) continue;
            if (!await leases.TryAcquireAsync(source.Id, Holder, _clock.GetUtcNow(), _o.LeaseDuration, stop)) continue;
            _log.LogInformation("Consuming stream source {Id} ({Name}) as {Holder}", source.Id, source.Name, Holder);
            _running[source.Id] = Task.Run(() => RunAsync(source.Id, stop), CancellationToken.None);
        }
    }

    private async Task RunAsync(long sourceId, CancellationToken stop)
    {
        using var held = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var keeper = KeepLeaseAsync(sourceId, held);
        var backoff = _o.FirstBackoff;
        try
        {
            while (!held.IsCancellationRequested)
            {
                var source = await sources.GetAsync(sourceId, held.Token);
                if (source is null || !source.Enabled || !connectors.TryGet(source.Kind, out var c) || c is not IStreamConnector connector) break;
                using var settings = JsonDocument.Parse(source.Settings);
                var definition = new SourceDefinition(source.Id, source.Kind, source.Name, settings.RootElement.Clone(), source.Cursor);
                var batch = new Batch(this, source, definition);
                var started = _clock.GetUtcNow();
                try
                {
                    await using (batch)
                    {
                        await connector.ConsumeAsync(definition, Position(source.Cursor), async (item, ct) =>
                        {
                            backoff = _o.FirstBackoff; // events flow: the connection is good
                            await batch.AddAsync(item, ct);
                        }, held.Token);
                    }
                }
                catch (StreamLeaseLostException e)
                {
                    _log.LogWarning("{Message}", e.Message);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException || !held.IsCancellationRequested)
                {
                    var wait = Jitter(backoff);
                    _log.LogWarning("Stream source {Id} ({Name}) broke off ({Error}); reconnecting in {Wait:0.0} s", source.Id, source.Name, e.Message, wait.TotalSeconds);
                    await RecordFailureAsync(sourceId, started, e);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _o.MaxBackoff.Ticks));
                    await Task.Delay(wait, _clock, held.Token);
                }
            }
        }
        catch (OperationCanceledException) when (held.IsCancellationRequested)
        {
            // stopping, or the lease is gone
        }
        finally
        {
            await held.CancelAsync();
            await keeper;
            try
            {
                await leases.ReleaseAsync(sourceId, Holder, CancellationToken.None);
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Could not release the lease on stream source {Id}; it runs out by itself", sourceId);
            }
        }
    }

    private async Task RecordFailureAsync(long sourceId, DateTimeOffset started, Exception e)
    {
        try
        {
            if (await sources.GetAsync(sourceId, CancellationToken.None) is { } current)
                await sources.RecordFailureAsync(current, new SourceRun(sourceId, started, _clock.GetUtcNow(), 0, 0, 0, 0, $"{e.GetType().Name}: {e.Message}"), CancellationToken.None);
        }
        catch (Exception inner)
        {
            _log.LogWarning(inner, "Could not record the failure of stream source {Id}", sourceId);
        }
    }

    /// <summary>Renews the lease a few times per period; cancels the consumer when another instance has it, or the source is gone.</summary>
    private async Task KeepLeaseAsync(long sourceId, CancellationTokenSource held)
    {
        var every = _o.LeaseDuration / 3;
        while (!held.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, _clock, held.Token);
                if (!await leases.TryAcquireAsync(sourceId, Holder, _clock.GetUtcNow(), _o.LeaseDuration, held.Token))
                {
                    _log.LogWarning("Stream source {Id}: the lease went to another instance; stopping here", sourceId);
                    await held.CancelAsync();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning(e, "Stream source {Id}: could not renew the lease; trying again", sourceId);
            }
        }
    }

    private static long? Position(string? cursor)
    {
        if (string.IsNullOrWhiteSpace(cursor)) return null;
        try
        {
            using var doc = JsonDocument.Parse(cursor);
            return doc.RootElement.TryGetProperty("timeUs", out var t) && t.TryGetInt64(out var v) ? v : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan Jitter(TimeSpan t) => t * (0.75 + Random.Shared.NextDouble() * 0.5);

    /// <summary>
    /// The events read since the last commit: matched mentions, rejects and the newest position. Flushed when full, when
    /// the oldest pending event is older than the source's batch age (a timer, so a quiet stream still commits), and
    /// when the connection ends.
    /// </summary>
    private sealed class Batch : IAsyncDisposable
    {
        private readonly StreamConsumer _owner;
        private readonly SourceRecord _source;
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly List<IncomingMention> _mentions = [];
        private readonly List<RejectedItem> _rejected = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly int _size;
        private readonly CancellationTokenSource _timerStop = new();
        private readonly Task _timer;
        private long _position;
        private long _committed;
        private int _events;
        private DateTimeOffset _firstAt;

        public Batch(StreamConsumer owner, SourceRecord source, SourceDefinition definition)
        {
            _owner = owner;
            _source = source;
            var s = definition.Settings;
            _size = s.TryGetProperty("batchSize", out var b) && b.TryGetInt32(out var n) ? n : 200;
            var age = TimeSpan.FromMilliseconds(s.TryGetProperty("maxBatchMilliseconds", out var a) && a.TryGetInt32(out var ms) ? ms : 2000);
            _committed = Position(source.Cursor) ?? 0;
            _timer = TickAsync(age);
        }

        public async ValueTask AddAsync(StreamItem item, CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            try
            {
                if (_events++ == 0) _firstAt = _owner._clock.GetUtcNow();
                _position = Math.Max(_position, item.Position);
                if (item.Mention is { } m)
                {
                    // Filtered to the tracked names before anything is stored.
                    var snapshot = await _owner._catalog.GetAsync(ct);
                    if (!snapshot.Matcher.Match(m).IsEmpty && _ids.Add(m.ExternalId)) _mentions.Add(m);
                }
                else if (item.RejectReason is { } reason)
                {
                    _rejected.Add(new RejectedItem(_rejected.Count, reason, _source.Kind, null, item.Payload));
                }
                if (_mentions.Count + _rejected.Count >= _size) await FlushLockedAsync(ct);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task TickAsync(TimeSpan age)
        {
            while (!_timerStop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(age, _owner._clock, _timerStop.Token);
                    await _gate.WaitAsync(_timerStop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                try
                {
                    await FlushLockedAsync(_timerStop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (StreamLeaseLostException)
                {
                    return; // the consumer finds out on its own flush or from the keeper
                }
                catch (Exception e)
                {
                    _owner._log.LogWarning(e, "Stream source {Id}: a batch could not be stored; it is kept and tried again", _source.Id);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }

        private async Task FlushLockedAsync(CancellationToken ct)
        {
            if (_position <= _committed && _mentions.Count == 0 && _rejected.Count == 0) return;
            var mentions = _mentions.ToList();
            var rejected = _rejected.ToList();
            var position = _position;
            var cursor = JsonSerializer.Serialize(new { timeUs = position });
            var matched = mentions.Count + rejected.Count;
            await _owner._pipeline.IngestAsync(mentions, null, async (conn, tx, report, token) =>
            {
                var now = _owner._clock.GetUtcNow();
                SourceRun? run = matched == 0 ? null
                    : new SourceRun(_source.Id, _firstAt, now, matched, report.Accepted, report.Duplicates, report.Rejected.Count + rejected.Count, null);
                if (rejected.Count > 0) await MentionStore.QuarantineAsync(conn, tx, rejected, now, token);
                await StreamLeaseStore.CommitAsync(conn, tx, _source.Id, _owner.Holder, now, cursor, run, token);
            }, ct);
            _mentions.Clear();
            _rejected.Clear();
            _ids.Clear();
            _committed = position;
            _events = 0;
        }

        public async ValueTask DisposeAsync()
        {
            await _timerStop.CancelAsync();
            await _timer;
            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                await FlushLockedAsync(CancellationToken.None); // what was read before the connection ended
            }
            catch (StreamLeaseLostException)
            {
                // another instance has it; it re-reads from the committed cursor
            }
            finally
            {
                _gate.Release();
                _gate.Dispose();
                _timerStop.Dispose();
            }
        }
    }
}
