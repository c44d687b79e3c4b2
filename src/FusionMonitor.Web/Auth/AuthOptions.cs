using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Auth;

/// <summary><c>Auth:*</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>When set, an admin API key with exactly this value exists after start (automation and tests).</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>When set, the dashboard user <c>admin</c> is created with this password if it does not exist (automation and tests).</summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Requests per minute per API key, user or address before 429.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>
    /// How often each instance checks its open hub connections against the stored users and keys, for a change made on
    /// another instance (a change made on this one is checked at once). A connection whose caller lost access is closed.
    /// </summary>
    public TimeSpan HubRecheck { get; set; } = TimeSpan.FromSeconds(20);
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var errors = new List<string>();
        if (o.RequestsPerMinute < 1) errors.Add("Auth:RequestsPerMinute must be at least 1");
        if (o.HubRecheck < TimeSpan.FromMilliseconds(100) || o.HubRecheck > TimeSpan.FromMinutes(10))
            errors.Add("Auth:HubRecheck must be between 00:00:00.1 and 00:10:00");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
