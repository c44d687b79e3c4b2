namespace FusionMonitor.Storage;

/// <summary>The two stores: PostgreSQL in production, SQLite embedded so the app runs with nothing installed.</summary>
public enum DatabaseKind { Sqlite, Postgres }
