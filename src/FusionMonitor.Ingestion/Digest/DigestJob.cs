using FusionMonitor.Core.Digest;
using FusionMonitor.Ingestion.Alerts;
using FusionMonitor.Storage.Auth;
using FusionMonitor.Storage.Digest;
using FusionMonitor.Storage.Entities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FusionMonitor.Ingestion.Digest;

/// <summary>The digest's settings (section <c>Digest</c>).</summary>
public sealed class DigestOptions
{
    public const string Section = "Digest";

    /// <summary>The hour (UTC, 0–23) at which daily digests go out, and weekly ones on Mondays.</summary>
    public int SendHourUtc { get; set; } = 7;

    public IReadOnlyList<string> Problems() =>
        SendHourUtc is < 0 or > 23 ? [$"Digest:SendHourUtc must be an hour from 0 to 23, got {SendHourUtc}."] : [];
}

/// <summary>
/// Renders and sends digests. The Hangfire job (<see cref="RunAsync"/>, hourly at <see cref="Cron"/>) sends every
/// subscription due (<see cref="Digests.Due"/>), each claimed first so several instances send it once; mail goes out
/// through the first mail server of <c>Alerts:Email</c> (its <c>From</c>), to the subscription's address, with the chart
/// as an inline PNG (<c>cid:</c>) that mail clients show. With no mail server configured nothing is claimed: the
/// digests wait for one.
/// </summary>
public sealed class DigestJob(DigestStore store, DigestBuilder builder, AuthStore auth, EntityStore entities, IOptionsMonitor<AlertSettings> alerts,
    IOptionsMonitor<DigestOptions> options, TimeProvider clock, ILogger<DigestJob> log)
{
    public const string JobId = "digests";

    public const string Cron = "5 * * * *";

    /// <summary>Sends the digests due now; returns how many went out.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var server = alerts.CurrentValue.Email.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e.Host));
        if (server is null) return 0;
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var s in await store.AllAsync(ct))
        {
            if (!Digests.Due(s.PeriodKind, s.CreatedAt, s.LastSentAt, now, options.CurrentValue.SendHourUtc) || !await store.ClaimAsync(s, now, ct)) continue;
            try
            {
                await SendAsync(s, server, now, ct);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Digest {Id} to {Email} failed: {Message}", s.Id, s.Email, ex.Message);
            }
        }
        return sent;
    }

    /// <summary>Sends one subscription's digest now, whether due or not (the API's "send now"); false when no mail server is configured.</summary>
    public async Task<bool> SendNowAsync(DigestSubscription s, CancellationToken ct)
    {
        var server = alerts.CurrentValue.Email.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e.Host));
        if (server is null) return false;
        await SendAsync(s, server, clock.GetUtcNow(), ct);
        return true;
    }

    /// <summary>The brands a subscription covers now: its user's (all when the user is not limited), narrowed to its brand.</summary>
    public async Task<IReadOnlyList<long>> BrandsOfAsync(DigestSubscription s, CancellationToken ct)
    {
        IReadOnlyCollection<long> all = (await entities.BrandsAsync(ct)).Select(b => b.Id).ToList();
        if (s.UserId is { } userId)
        {
            if (await auth.UserAsync(userId, ct) is not { } user) return [];
            if (user.BrandIds is { } mine) all = all.Where(mine.Contains).ToList();
        }
        return s.BrandId is { } one ? all.Where(b => b == one).ToList() : all.ToList();
    }

    /// <summary>The digest as mail: plain text, HTML, and each brand's chart attached inline.</summary>
    public async Task<MimeMessage> MessageAsync(DigestSubscription s, string from, DateTimeOffset now, CancellationToken ct)
    {
        var report = await builder.BuildAsync(await BrandsOfAsync(s, ct), s.PeriodKind, now, ct);
        var dashboardUrl = alerts.CurrentValue.DashboardUrl;
        var body = new BodyBuilder { TextBody = DigestMessages.PlainText(report, dashboardUrl) };
        var ids = new Dictionary<long, string>();
        foreach (var b in report.Brands)
        {
            var image = body.LinkedResources.Add($"digest-{b.BrandId}.png", DigestChart.Png(b, report.From, report.To), new ContentType("image", "png"));
            image.ContentId = MimeKit.Utils.MimeUtils.GenerateMessageId();
            ids[b.BrandId] = image.ContentId;
        }
        body.HtmlBody = DigestMessages.Html(report, dashboardUrl, b => "cid:" + ids[b.BrandId]);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(s.Email));
        message.Subject = DigestMessages.Subject(report);
        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task SendAsync(DigestSubscription s, EmailChannel server, DateTimeOffset now, CancellationToken ct)
    {
        using var message = await MessageAsync(s, server.From, now, ct);
        await AlertChannels.SendMailAsync(server, message, ct);
    }
}

public static class DigestServiceCollectionExtensions
{
    /// <summary>Digests: <see cref="DigestOptions"/> from <c>Digest:*</c> (checked at start-up), the builder and the job (scheduled by the host's jobs).</summary>
    public static IServiceCollection AddFusionDigests(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<DigestOptions>().Bind(config.GetSection(DigestOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>());
        services.TryAddSingleton<DigestBuilder>();
        services.TryAddSingleton<DigestJob>();
        return services;
    }

    private sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
    {
        public ValidateOptionsResult Validate(string? name, DigestOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
