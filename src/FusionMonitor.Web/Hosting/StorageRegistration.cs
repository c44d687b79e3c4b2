using FusionMonitor.Storage;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;

namespace FusionMonitor.Web.Hosting;

public static class StorageRegistration
{
    /// <summary>
    /// The store: PostgreSQL when <c>ConnectionStrings:Postgres</c> is set, else the embedded SQLite file
    /// (<c>Storage:SqlitePath</c>, relative to the working directory).
    /// </summary>
    public static WebApplicationBuilder AddFusionStorage(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StorageOptions>(builder.Configuration.GetSection("Storage"));
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        var sqlitePath = builder.Configuration["Storage:SqlitePath"] is { Length: > 0 } p ? p : new StorageOptions().SqlitePath;
        builder.Services.AddSingleton(_ => string.IsNullOrWhiteSpace(postgres)
            ? FusionDatabase.Sqlite(Path.GetFullPath(sqlitePath))
            : FusionDatabase.Postgres(postgres));
        builder.Services.AddSingleton<EntityStore>();
        builder.Services.AddSingleton<MentionStore>();
        builder.Services.AddSingleton<AuthStore>();
        return builder;
    }

    public static bool UsesPostgres(this IConfiguration config) => !string.IsNullOrWhiteSpace(config.GetConnectionString("Postgres"));
}
