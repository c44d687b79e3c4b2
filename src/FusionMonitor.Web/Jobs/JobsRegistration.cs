using FusionMonitor.Ingestion.Jobs;
using FusionMonitor.Web.Auth;
using FusionMonitor.Web.Hosting;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace FusionMonitor.Web.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire inside the web host: PostgreSQL storage when PostgreSQL is configured (jobs then spread over every
    /// instance sharing it), in-memory storage on the embedded default.
    /// </summary>
    public static WebApplicationBuilder AddFusionJobs(this WebApplicationBuilder builder)
    {
        var postgres = builder.Configuration.GetConnectionString("Postgres");
        builder.Services.AddHangfire(cfg =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (builder.Configuration.UsesPostgres())
                cfg.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(postgres), new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
            else
                cfg.UseInMemoryStorage();
        });
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = Math.Max(4, Environment.ProcessorCount * 2);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        builder.Services.AddSingleton<SourceJobs>();
        builder.Services.AddSingleton<IStartupStep, RecurringJobsStep>();
        return builder;
    }

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
            recurring.AddOrUpdate<SourceJobs>(SourceJobs.DispatchJobId, j => j.DispatchDueAsync(CancellationToken.None), Cron.Minutely());
            return Task.CompletedTask;
        }
    }
}
