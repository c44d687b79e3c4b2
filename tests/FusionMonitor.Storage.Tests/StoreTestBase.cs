using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Sentiment;
using FusionMonitor.Storage;
using FusionMonitor.TestSupport;

namespace FusionMonitor.Storage.Tests;

/// <summary>
/// The store suite: every test class derives from this once per database (see <c>Databases.cs</c>), so the same
/// tests run against PostgreSQL and SQLite, each test on a fresh migrated database.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    protected abstract DatabaseKind Kind { get; }

    protected FusionDatabase Db { get; private set; } = null!;

    public async Task InitializeAsync() => Db = await TestDatabases.CreateAsync(Kind);

    public async Task DisposeAsync() => await Db.DisposeAsync();

    protected static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    protected static ScoredMention Mention(string id, string text = "I love this brand", long[]? brands = null, long[]? influencers = null,
        DateTimeOffset? at = null, string source = "test", long? followers = 120) =>
        new(new IncomingMention(source, id, text, at ?? T0, new Author("alice", "Alice", followers), $"https://example.org/{id}", "en",
                new Engagement(3, 1, 0)),
            new SentimentScore(0.1f, 0.2f, 0.7f), "test-model-1", brands ?? [], influencers ?? [], T0.AddMinutes(1));
}
