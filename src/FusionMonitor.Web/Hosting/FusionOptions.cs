namespace FusionMonitor.Web.Hosting;

/// <summary><c>Storage:*</c>. PostgreSQL is chosen by <c>ConnectionStrings:Postgres</c>; otherwise SQLite at <see cref="SqlitePath"/>.</summary>
public sealed class StorageOptions
{
    public string SqlitePath { get; set; } = "data/fusion.db";
}

/// <summary><c>Auth:*</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>When set, an admin API key with exactly this value exists after start (automation and tests).</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>When set, the dashboard user <c>admin</c> is created with this password if it does not exist (automation and tests).</summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Requests per minute per API key, user or address before 429.</summary>
    public int RequestsPerMinute { get; set; } = 1200;
}
