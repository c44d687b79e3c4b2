using System.Globalization;
using FusionMonitor.Core.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// <c>Alerts:*</c>: the rules (<c>Defaults</c>, and <c>PerBrand:{brandId}</c> overrides that start from the configured
/// defaults), how often they are evaluated, and where alerts are sent besides the hub and the dashboard.
/// </summary>
public sealed class AlertSettings
{
    public const string Section = "Alerts";

    /// <summary>Seconds between evaluation cycles; a committed batch also triggers one at once.</summary>
    public int EvaluateSeconds { get; set; } = 5;

    /// <summary>A fresh instance: the binder writes into it, so it must never be the shared <see cref="AlertRules.Default"/>.</summary>
    public AlertRules Defaults { get; set; } = new();

    /// <summary>Per-brand rules by brand id (as configured: a key that is not an id is reported at start-up).</summary>
    public Dictionary<string, AlertRules> PerBrand { get; set; } = [];

    /// <summary>
    /// The dashboard's address as people outside reach it: the links in webhook and e-mail messages start with it
    /// ("https://fusion.example.com" → "https://fusion.example.com/alerts/7").
    /// </summary>
    public string DashboardUrl { get; set; } = "http://localhost:5080";

    /// <summary>How long each alert's timeline events are kept (pruned hourly); the alert itself stays.</summary>
    public TimeSpan TimelineRetention { get; set; } = TimeSpan.FromDays(400);

    public List<WebhookChannel> Webhooks { get; set; } = [];

    public List<EmailChannel> Email { get; set; } = [];

    /// <summary>The rules as the pure evaluator takes them (valid settings only: see <see cref="AlertSettingsValidator"/>).</summary>
    public AlertOptions ToAlertOptions() => new(Defaults,
        PerBrand.Where(kv => long.TryParse(kv.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value));

    /// <summary>
    /// Re-reads each <c>PerBrand:{id}</c> section over a copy of the configured defaults, so a brand's override names
    /// only what differs for that brand (the binder alone would start each from the built-in defaults).
    /// </summary>
    internal void LayerPerBrandOverDefaults(IConfigurationSection perBrand)
    {
        PerBrand.Clear();
        foreach (var section in perBrand.GetChildren())
        {
            var rules = Defaults with { };
            section.Bind(rules);
            PerBrand[section.Key] = rules;
        }
    }
}

/// <summary>What a webhook is sent: FusionMonitor's JSON, a Slack message, or a Microsoft Teams message.</summary>
public enum WebhookFormat { Auto = 0, Json = 1, Slack = 2, Teams = 3 }

/// <summary>A webhook for alerts, in the format <see cref="Effective"/> picks.</summary>
public sealed class WebhookChannel
{
    public string Url { get; set; } = "";

    /// <summary><c>json</c>, <c>slack</c> or <c>teams</c>; unset (<c>auto</c>): chosen from the URL (<see cref="Effective"/>).</summary>
    public WebhookFormat Format { get; set; }

    /// <summary>The older switch for Slack: true is <c>Format = slack</c>.</summary>
    public bool Slack { get; set; }

    /// <summary>
    /// The format sent: the configured <see cref="Format"/>; else Slack when <see cref="Slack"/> is set or the URL is
    /// Slack's (<c>hooks.slack.com</c>); else Teams when the URL is a Teams or Power Automate webhook
    /// (<c>*.webhook.office.com</c>, <c>*.logic.azure.com</c>, <c>*.powerplatform.com</c>); else FusionMonitor's JSON.
    /// </summary>
    public WebhookFormat Effective()
    {
        if (Format != WebhookFormat.Auto) return Format;
        if (Slack) return WebhookFormat.Slack;
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var u)) return WebhookFormat.Json;
        var host = u.Host.ToLowerInvariant();
        if (host == "hooks.slack.com") return WebhookFormat.Slack;
        if (host.EndsWith(".webhook.office.com", StringComparison.Ordinal) || host.EndsWith(".logic.azure.com", StringComparison.Ordinal)
            || host.EndsWith(".powerplatform.com", StringComparison.Ordinal)) return WebhookFormat.Teams;
        return WebhookFormat.Json;
    }

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

/// <summary>Every problem with the alert settings at once, each prefixed with where it is configured.</summary>
internal sealed class AlertSettingsValidator : IValidateOptions<AlertSettings>
{
    public ValidateOptionsResult Validate(string? name, AlertSettings s)
    {
        var errors = new List<string>();
        if (s.EvaluateSeconds < 1) errors.Add("Alerts:EvaluateSeconds must be at least 1");
        errors.AddRange(s.Defaults.Validate().Select(p => "Alerts:Defaults: " + p));
        foreach (var (key, rules) in s.PerBrand)
        {
            if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) errors.Add($"Alerts:PerBrand:{key}: the key must be a brand id");
            else errors.AddRange(rules.Validate().Select(p => $"Alerts:PerBrand:{key}: " + p));
        }
        if (s.TimelineRetention < TimeSpan.FromDays(1)) errors.Add("Alerts:TimelineRetention must be at least one day");
        if (!Uri.TryCreate(s.DashboardUrl, UriKind.Absolute, out var d) || d.Scheme is not ("http" or "https"))
            errors.Add("Alerts:DashboardUrl must be an absolute http or https URL");
        for (var i = 0; i < s.Webhooks.Count; i++)
        {
            if (!Enum.IsDefined(s.Webhooks[i].Format)) errors.Add($"Alerts:Webhooks:{i}:Format must be json, slack or teams");
            if (!Uri.TryCreate(s.Webhooks[i].Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                errors.Add($"Alerts:Webhooks:{i}:Url must be an absolute http or https URL");
        }
        for (var i = 0; i < s.Email.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(s.Email[i].Host)) errors.Add($"Alerts:Email:{i}:Host is required");
            if (s.Email[i].Port is < 1 or > 65535) errors.Add($"Alerts:Email:{i}:Port must be 1 to 65535");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
