using FusionMonitor.Web.Live;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;

namespace FusionMonitor.Web.Auth;

/// <summary>
/// The data-protection key ring that signs the dashboard's cookie and antiforgery tokens, kept where every instance
/// and every restart finds it: in Redis when <c>ConnectionStrings:Redis</c> is set (several instances; make that Redis
/// persistent, see docs/operations.md), else in a folder (<c>DataProtection:KeysPath</c>, default <c>data/keys</c>
/// under the working directory, beside the embedded database). One application name for all instances, so a token
/// made by one is read by another wherever it is installed. Keys rotate every 90 days (the framework's default);
/// an instance that meets a newer key than it knows reloads the ring.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "FusionMonitor";

    /// <summary>The Redis list that holds the keys.</summary>
    public const string RedisKey = "fusion:data-protection-keys";

    public const string PathSetting = "DataProtection:KeysPath";

    public static IServiceCollection AddFusionKeyRing(this IServiceCollection services, IConfiguration config)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (LiveRegistration.RedisConfiguration(config) is not null)
        {
            // The repository asks for the database on each read, so the shared connection may come up after start.
            services.AddOptions<KeyManagementOptions>().Configure<RedisConnection>((o, redis) =>
                o.XmlRepository = new RedisXmlRepository(() => redis.Database, RedisKey));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(config[PathSetting] is { Length: > 0 } p ? p : Path.Combine("data", "keys"))));
        }
        return services;
    }
}
