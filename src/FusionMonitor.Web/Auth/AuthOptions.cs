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
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions o)
    {
        var errors = new List<string>();
        if (o.RequestsPerMinute < 1) errors.Add("Auth:RequestsPerMinute must be at least 1");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
