using System.Security.Cryptography;
using FusionMonitor.Storage.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Web.Auth;

/// <summary>
/// Makes sure somebody can administer the app after its first start: the configured bootstrap key, or else (when no
/// admin exists yet) a new admin user and key whose one-time credentials are printed on the console.
/// <c>Auth:BootstrapAdminPassword</c>, when set, creates the user <c>admin</c> with that password if it does not exist
/// yet (automation and browser tests, which must sign in without reading the console); an existing admin's
/// password is never changed by it.
/// </summary>
public sealed class AdminBootstrap(ApiKeys keys, AuthStore store, IPasswordHasher<UserRecord> hasher, IOptions<AuthOptions> options, ILogger<AdminBootstrap> log)
{
    public async Task EnsureAdminAsync(CancellationToken ct)
    {
        var configuredPassword = options.Value.BootstrapAdminPassword is { Length: > 0 } p ? p : null;
        if (configuredPassword is not null && await store.FindUserAsync("admin", ct) is null)
            await store.AddUserAsync("admin", hasher.HashPassword(null!, configuredPassword), Role.Admin, null, ct);
        if (options.Value.BootstrapApiKey is { Length: > 0 } configured)
        {
            await keys.EnsureAsync("bootstrap", configured, Role.Admin, ct);
            return;
        }
        if (configuredPassword is not null) return;
        if (await store.AnyAdminAsync(ct)) return;

        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        await store.AddUserAsync("admin", hasher.HashPassword(null!, password), Role.Admin, null, ct);
        var key = await keys.IssueAsync("first-start admin", Role.Admin, null, ct);
        // Printed once, on purpose: nothing else knows these credentials, and only their hashes are stored.
        Console.WriteLine($"""

            ================================================================
             FusionMonitor first start: an administrator was created.
               dashboard sign-in   user: admin   password: {password}
               admin API key       {key.Key}
             These are shown once. Store them now.
            ================================================================

            """);
        log.LogWarning("First start: created user 'admin' and an admin API key (credentials printed on the console once)");
    }
}
