using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Web.Auth;
using FusionMonitor.Ingestion.Hosting;
using FusionMonitor.Storage;
using Microsoft.Extensions.Options;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace FusionMonitor.Web.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire inside the web host: PostgreSQL storage when PostgreSQL is configured (jobs then spread over every
    /// instance sharing it), in-memory storage on the embedded default.
    /// </summary>
    public static WebApplicationBuilder AddFusionJobs(this WebApplicationBuilder builder)
    {
        // The storage is this app's own DI singleton: Hangfire's static JobStorage.Current is process-wide, and two
        // hosts in one process (tests) must not enqueue into each other's databases. Everything here (client,
        // recurring manager, server, dashboard) takes the storage from DI.
        builder.Services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { UsesPostgres: true } storage
            ? new PostgreSqlStorage(new NpgsqlConnectionFactory(storage.PostgresConnectionString, PostgresOptions), PostgresOptions)
            : new Hangfire.InMemory.InMemoryStorage());
        // Likewise the activator: Hangfire's default is the static JobActivator.Current, so jobs of one host could run
        // on another host's services.
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        // Hangfire's logging is process-wide too, and follows whichever host configured it last: the tolerant
        // provider keeps the other hosts' workers and clients running when that host stops (see its remarks).
        builder.Services.AddHangfire((sp, cfg) => cfg
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new DisposalTolerantLogProvider(new Hangfire.AspNetCore.AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>()))));
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddSingleton<IStartupStep, RecurringJobsStep>();
        return builder;
    }

    private static readonly PostgreSqlStorageOptions PostgresOptions = new()
    {
        SchemaName = "hangfire",
        PrepareSchemaIfNecessary = true,
        // A queued job (a "fetch now") starts within a second; the poll is one indexed query per worker.
        QueuePollInterval = TimeSpan.FromSeconds(1),
        // A lock whose holder died (Hangfire's own short ones: the recurring and delayed job schedulers) is taken over
        // after a minute, not the default ten. No job of ours takes a Hangfire lock: sources are claimed (SourceStore).
        DistributedLockTimeout = TimeSpan.FromMinutes(1),
    };

    /// <summary>The Hangfire dashboard at <c>/hangfire</c>, for admins only.</summary>
    public static WebApplication MapFusionJobs(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdminOnly()], DisplayStorageConnectionString = false, AppPath = "/" })
            .RequireAuthorization(AuthRegistration.Admin);
        return app;
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(AuthRegistration.Admin);
    }

    private sealed class RecurringJobsStep(IRecurringJobManager recurring) : IStartupStep
    {
        public string Description => "scheduling recurring jobs";

        public Task RunAsync(CancellationToken ct)
        {
            recurring.AddOrUpdate<SourceJobs>(SourceJobs.DispatchJobId, j => j.DispatchDueAsync(CancellationToken.None), SourceJobs.DispatchCron);
            recurring.AddOrUpdate<RetentionJob>(RetentionJob.JobId, j => j.RunAsync(CancellationToken.None), RetentionJob.Cron);
            recurring.AddOrUpdate<FusionMonitor.Ingestion.Digest.DigestJob>(FusionMonitor.Ingestion.Digest.DigestJob.JobId, j => j.RunAsync(CancellationToken.None), FusionMonitor.Ingestion.Digest.DigestJob.Cron);
            return Task.CompletedTask;
        }
    }
}
