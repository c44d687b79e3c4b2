using FusionMonitor.Storage;

namespace FusionMonitor.Ingestion.Tests.Pipeline;

// The pipeline suite once per database: same tests, SQLite (the default) and PostgreSQL.
public sealed class PipelineTestsOnPostgres : PipelineTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class PipelineTestsOnSqlite : PipelineTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class FollowUpTestsOnPostgres : FollowUpTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class FollowUpTestsOnSqlite : FollowUpTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
public sealed class AlertRuleTestsOnPostgres : AlertRuleTests { protected override DatabaseKind Kind => DatabaseKind.Postgres; }
public sealed class AlertRuleTestsOnSqlite : AlertRuleTests { protected override DatabaseKind Kind => DatabaseKind.Sqlite; }
