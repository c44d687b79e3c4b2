using FusionMonitor.Storage;

namespace FusionMonitor.Storage.Tests;

// Each suite once per database: same tests, one fixture per database.
public sealed class MigrationTestsOnPostgres : MigrationTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class MigrationTestsOnSqlite : MigrationTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class EntityStoreTestsOnPostgres : EntityStoreTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class EntityStoreTestsOnSqlite : EntityStoreTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class MentionStoreTestsOnPostgres : MentionStoreTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class MentionStoreTestsOnSqlite : MentionStoreTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class SourceStoreTestsOnPostgres : SourceStoreTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class SourceStoreTestsOnSqlite : SourceStoreTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class ScoreStoreTestsOnPostgres : ScoreStoreTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class ScoreStoreTestsOnSqlite : ScoreStoreTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class SeriesTestsOnPostgres : SeriesTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class SeriesTestsOnSqlite : SeriesTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
