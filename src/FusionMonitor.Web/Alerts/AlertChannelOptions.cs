namespace FusionMonitor.Web.Alerts;

/// <summary><c>Alerts:*</c>: how often alerts are evaluated and where they are sent besides the hub and dashboard.</summary>
public sealed class AlertChannelOptions
{
    /// <summary>Seconds between evaluation cycles; a committed batch also triggers one at once.</summary>
    public int EvaluateSeconds { get; set; } = 5;

    public List<WebhookChannel> Webhooks { get; set; } = [];

    public List<EmailChannel> Email { get; set; } = [];
}

/// <summary>A JSON webhook. <see cref="Slack"/> sends a Slack-compatible <c>{"text": …}</c> payload instead.</summary>
public sealed class WebhookChannel
{
    public string Url { get; set; } = "";

    public bool Slack { get; set; }

    /// <summary>Only alerts of these brands; empty = all.</summary>
    public List<long> BrandIds { get; set; } = [];
}

/// <summary>Email over SMTP (MailKit).</summary>
public sealed class EmailChannel
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public bool UseTls { get; set; } = true;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "fusionmonitor@localhost";

    public List<string> To { get; set; } = [];

    public List<long> BrandIds { get; set; } = [];
}
