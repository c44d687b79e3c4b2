using FusionMonitor.Ingestion.Demo;
using FusionMonitor.Ingestion.Hosting;

namespace FusionMonitor.Web.Hosting;

/// <summary><c>Demo:*</c> besides the stream's shape (<see cref="DemoStreamOptions"/>, same section).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Unset: on with the embedded store, off on PostgreSQL.</summary>
    public bool? Enabled { get; set; }

    public bool IsOn(bool usesPostgres) => Enabled ?? !usesPostgres;
}

public static class DemoRegistration
{
    /// <summary>The scripted demo source and its first-start catalogue; each checks <see cref="DemoOptions"/> itself.</summary>
    public static WebApplicationBuilder AddFusionDemo(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(DemoOptions.Section);
        builder.Services.AddOptions<DemoOptions>().Bind(section);
        builder.Services.AddOptions<DemoStreamOptions>().Bind(section);
        builder.Services.AddSingleton<IStartupStep, DemoService.SeedStep>();
        builder.Services.AddHostedService<DemoService>();
        return builder;
    }
}
