using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FusionMonitor.Core.Alerts;

/// <summary>
/// The <see cref="AlertCard"/> in each outside channel's own format — Slack (Block Kit), Microsoft Teams (an Adaptive
/// Card in a <c>message</c>, what Teams' Workflows webhooks take), plain text and HTML e-mail — with the card's links
/// made absolute against the dashboard's address. Pure: the same card always gives the same message.
/// </summary>
public static class AlertMessages
{
    /// <summary>A path of the dashboard as an absolute link ("https://fusion.example.com" + "/alerts/7").</summary>
    public static string Link(string dashboardUrl, string path) => dashboardUrl.TrimEnd('/') + path;

    /// <summary>The one line a notification preview shows: "[HIGH] Negative spike: Nova Reyes × Lumen Knits".</summary>
    public static string Headline(AlertCard c, string? @event = null) =>
        $"[{c.SeverityText}] {c.Title}{(@event is null or "opened" ? "" : $" ({@event})")}";

    public static string PlainText(AlertCard c, string dashboardUrl, string? @event = null)
    {
        var s = new StringBuilder();
        s.AppendLine(Headline(c, @event)).AppendLine();
        s.AppendLine(c.Summary);
        foreach (var f in c.Figures) s.AppendLine("- " + f);
        s.AppendLine(c.Since).AppendLine();
        if (c.Posts.Count > 0)
        {
            s.AppendLine("Top posts:");
            foreach (var p in c.Posts)
            {
                s.AppendLine($"- {p.Byline}");
                s.AppendLine($"  \"{p.Text}\"");
                if (p.Url is not null) s.AppendLine($"  {p.Url}");
            }
            s.AppendLine();
        }
        foreach (var g in c.Groups) s.AppendLine("Coordinated: " + g);
        if (c.Groups.Count > 0) s.AppendLine();
        s.AppendLine("What to do: " + c.WhatToDo);
        s.AppendLine($"Alert: {Link(dashboardUrl, c.AlertPath)}");
        s.AppendLine($"{c.SubjectLinkText}: {Link(dashboardUrl, c.SubjectPath)}");
        return s.ToString();
    }

    public static string Html(AlertCard c, string dashboardUrl, string? @event = null)
    {
        static string E(string t) => WebUtility.HtmlEncode(t);
        var color = Color(c.Severity);
        var s = new StringBuilder();
        s.Append("<div style=\"font-family:Arial,Helvetica,sans-serif;max-width:640px\">");
        s.Append($"<p style=\"margin:0\"><span style=\"background:{color};color:#fff;padding:2px 6px;border-radius:3px;font-weight:bold\">{E(c.SeverityText)}</span> {E(c.KindText)}</p>");
        s.Append($"<h2 style=\"margin:6px 0\">{E(c.Title)}{(@event is null or "opened" ? "" : $" ({E(@event)})")}</h2>");
        s.Append($"<p>{E(c.Summary)}</p><ul>");
        foreach (var f in c.Figures) s.Append($"<li>{E(f)}</li>");
        s.Append($"</ul><p style=\"color:#555\">{E(c.Since)}</p>");
        foreach (var p in c.Posts)
        {
            s.Append("<blockquote style=\"border-left:3px solid #ccc;margin:8px 0;padding:4px 10px\">");
            s.Append($"<div style=\"color:#555;font-size:90%\">{E(p.Byline)}</div><div>{E(p.Text)}</div>");
            if (p.Url is not null && Uri.TryCreate(p.Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
                s.Append($"<div><a href=\"{E(p.Url)}\">open the post</a></div>");
            s.Append("</blockquote>");
        }
        foreach (var g in c.Groups) s.Append($"<p><b>Coordinated:</b> {E(g)}</p>");
        s.Append($"<p><b>What to do:</b> {E(c.WhatToDo)}</p>");
        s.Append($"<p><a href=\"{E(Link(dashboardUrl, c.AlertPath))}\">Open the alert</a> · <a href=\"{E(Link(dashboardUrl, c.SubjectPath))}\">{E(c.SubjectLinkText)}</a></p>");
        s.Append("</div>");
        return s.ToString();
    }

    /// <summary>Slack's Block Kit (<c>text</c> is the notification's fallback). Post text is escaped (&amp;, &lt;, &gt;), so it cannot ping anyone.</summary>
    public static JsonObject Slack(AlertCard c, string dashboardUrl, string? @event = null)
    {
        static string E(string t) => t.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        var alert = Link(dashboardUrl, c.AlertPath);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Headline(c, @event)) },
            Section($"{E(c.Summary)}\n{string.Join("\n", c.Figures.Select(f => "• " + E(f)))}\n_{E(c.Since)}_"),
        };
        foreach (var p in c.Posts)
            blocks.Add(Section($"*{E(p.Byline)}*\n>{E(p.Text)}{(p.Url is null ? "" : $"\n<{E(p.Url)}|open the post>")}"));
        if (c.Groups.Count > 0)
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(c.Groups.Select(g => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = "Coordinated: " + E(g) }).ToArray()) });
        blocks.Add(Section("*What to do:* " + E(c.WhatToDo)));
        blocks.Add(new JsonObject
        {
            ["type"] = "actions",
            ["elements"] = new JsonArray(
                new JsonObject { ["type"] = "button", ["text"] = PlainText("Open the alert"), ["url"] = alert, ["style"] = "primary" },
                new JsonObject { ["type"] = "button", ["text"] = PlainText(c.SubjectLinkText), ["url"] = Link(dashboardUrl, c.SubjectPath) }),
        });
        return new JsonObject { ["text"] = $"{Headline(c, @event)}: {c.Summary} {alert}", ["blocks"] = blocks };

        static JsonObject PlainText(string t) => new() { ["type"] = "plain_text", ["text"] = t.Length > 150 ? t[..149] + "…" : t };
        static JsonObject Section(string t) => new() { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = t.Length > 3000 ? t[..2999] + "…" : t } };
    }

    /// <summary>Microsoft Teams: a <c>message</c> carrying one Adaptive Card (1.4), as Teams' Workflows ("Post to a channel when a webhook request is received") take it.</summary>
    public static JsonObject Teams(AlertCard c, string dashboardUrl, string? @event = null)
    {
        var body = new JsonArray
        {
            Text(c.SeverityText + " · " + c.KindText, color: c.Severity is "critical" or "high" ? "Attention" : c.Severity == "medium" ? "Warning" : "Default", weight: "Bolder"),
            Text(c.Title + (@event is null or "opened" ? "" : $" ({@event})"), size: "Large", weight: "Bolder"),
            Text(c.Summary),
            new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray(c.Figures.Select((f, i) => (JsonNode)new JsonObject { ["title"] = i == 0 ? "Figures" : "", ["value"] = f })
                    .Append(new JsonObject { ["title"] = "When", ["value"] = c.Since }).ToArray()),
            },
        };
        foreach (var p in c.Posts)
        {
            body.Add(Text(p.Byline, weight: "Bolder", subtle: true));
            body.Add(Text(p.Text));
        }
        foreach (var g in c.Groups) body.Add(Text("Coordinated: " + g, color: "Warning"));
        body.Add(Text("What to do: " + c.WhatToDo));
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = new JsonArray(
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open the alert", ["url"] = Link(dashboardUrl, c.AlertPath) },
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = c.SubjectLinkText, ["url"] = Link(dashboardUrl, c.SubjectPath) }),
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = Headline(c, @event),
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["contentUrl"] = null, ["content"] = card }),
        };

        static JsonObject Text(string t, string? size = null, string? weight = null, string? color = null, bool subtle = false)
        {
            var o = new JsonObject { ["type"] = "TextBlock", ["text"] = t, ["wrap"] = true };
            if (size is not null) o["size"] = size;
            if (weight is not null) o["weight"] = weight;
            if (color is not null) o["color"] = color;
            if (subtle) o["isSubtle"] = true;
            return o;
        }
    }

    /// <summary>The severity's colour (the same on the dashboard's chips).</summary>
    public static string Color(string severity) => severity switch
    {
        "critical" => "#b00020",
        "high" => "#d84315",
        "medium" => "#b26a00",
        _ => "#546e7a",
    };
}
