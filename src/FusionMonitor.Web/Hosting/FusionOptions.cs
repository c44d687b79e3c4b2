namespace FusionMonitor.Web.Hosting;

/// <summary><c>Storage:*</c>. PostgreSQL is chosen by <c>ConnectionStrings:Postgres</c>; otherwise SQLite at <see cref="SqlitePath"/>.</summary>
public sealed class StorageOptions
{
    public string SqlitePath { get; set; } = "data/fusion.db";
}

/// <summary><c>Demo:*</c>: the scripted demo stream that makes the embedded default come alive.</summary>
public sealed class DemoOptions
{
    /// <summary>On by default on the embedded (SQLite) store; off by default on PostgreSQL.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Seconds after start at which the scripted negative incident begins.</summary>
    public int IncidentAfterSeconds { get; set; } = 180;
}

/// <summary><c>Auth:*</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>When set, an admin API key with exactly this value exists after start (automation and tests).</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>Requests per minute per API key, user or address before 429.</summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
