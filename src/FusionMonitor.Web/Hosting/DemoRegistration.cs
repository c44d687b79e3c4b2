using FusionMonitor.Ingestion.Demo;

namespace FusionMonitor.Web.Hosting;

public static class DemoRegistration
{
    public static WebApplicationBuilder AddFusionDemo(this WebApplicationBuilder builder)
    {
        if (!DemoService.IsEnabled(builder.Configuration)) return builder;
        var options = builder.Configuration.GetSection("Demo").Get<DemoStreamOptions>() ?? new DemoStreamOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IStartupStep, DemoService.SeedStep>();
        builder.Services.AddHostedService<DemoService>();
        return builder;
    }
}
