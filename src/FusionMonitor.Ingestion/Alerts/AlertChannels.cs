using System.Net.Http.Json;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Storage.Alerts;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// Sends opened, reopened and resolved alerts to the configured webhooks and mailboxes, each as the same
/// <see cref="AlertCard"/> in the channel's format (<see cref="AlertMessages"/>): FusionMonitor's JSON (the card beside
/// the alert's fields), Slack's Block Kit or a Teams Adaptive Card (<see cref="WebhookChannel.Effective"/>), and e-mail
/// as plain text with an HTML alternative. A channel that fails is logged and does not stop the others; the alert
/// itself is already stored and on the dashboard.
/// </summary>
public sealed class AlertChannels(IHttpClientFactory http, IOptionsMonitor<AlertSettings> options, ILogger<AlertChannels> log)
{
    public const string HttpClientName = "alert-webhooks";

    /// <summary>FusionMonitor's own webhook JSON: the alert's fields, <c>url</c> (the alert on the dashboard) and the card.</summary>
    public sealed record WebhookPayload(long Id, string Event, string Kind, long? BrandId, long? PairId, string Status, DateTimeOffset OpenedAt,
        DateTimeOffset At, double Value, string Summary, AlertEvidence Evidence, string Severity, string Title, string Url, AlertCard Card);

    public async Task SendAsync(AlertEvent e, long alertId, AlertCard card, CancellationToken ct)
    {
        if (e.Kind == AlertEventKind.Updated) return; // updates are for the dashboard; channels hear open and resolve
        var o = options.CurrentValue;
        var name = e.Kind.ToString().ToLowerInvariant();
        var payload = new WebhookPayload(alertId, name, AlertStore.KindName(e.AlertKind), e.BrandId, e.PairId,
            AlertStore.StatusName(e.Status), e.OpenedAt, e.At, e.Value, e.Summary, e.Evidence, card.Severity, card.Title,
            AlertMessages.Link(o.DashboardUrl, card.AlertPath), card);
        foreach (var hook in o.Webhooks.Where(h => h.BrandIds.Count == 0 || h.BrandIds.Contains(e.BrandId)))
        {
            try
            {
                var client = http.CreateClient(HttpClientName);
                using var response = hook.Effective() switch
                {
                    WebhookFormat.Slack => await client.PostAsJsonAsync(hook.Url, AlertMessages.Slack(card, o.DashboardUrl, name), ct),
                    WebhookFormat.Teams => await client.PostAsJsonAsync(hook.Url, AlertMessages.Teams(card, o.DashboardUrl, name), ct),
                    _ => await client.PostAsJsonAsync(hook.Url, payload, ct),
                };
                if (!response.IsSuccessStatusCode) log.LogWarning("Alert webhook {Url} answered {Status}", hook.Url, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                log.LogWarning("Alert webhook {Url} failed: {Message}", hook.Url, ex.Message);
            }
        }
        foreach (var mail in o.Email.Where(m => m.To.Count > 0 && (m.BrandIds.Count == 0 || m.BrandIds.Contains(e.BrandId))))
        {
            try
            {
                using var message = new MimeMessage();
                message.From.Add(MailboxAddress.Parse(mail.From));
                foreach (var to in mail.To) message.To.Add(MailboxAddress.Parse(to));
                message.Subject = "[FusionMonitor] " + AlertMessages.Headline(card, name);
                message.Body = new BodyBuilder
                {
                    TextBody = AlertMessages.PlainText(card, o.DashboardUrl, name),
                    HtmlBody = AlertMessages.Html(card, o.DashboardUrl, name),
                }.ToMessageBody();
                await SendMailAsync(mail, message, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning("Alert email via {Host} failed: {Message}", mail.Host, ex.Message);
            }
        }
    }

    /// <summary>Sends one message through a configured mail server (the alert mail's and the digest's one way out).</summary>
    public static async Task SendMailAsync(EmailChannel server, MimeMessage message, CancellationToken ct)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(server.Host, server.Port, server.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(server.User)) await smtp.AuthenticateAsync(server.User, server.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
