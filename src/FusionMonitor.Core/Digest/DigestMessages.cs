using System.Globalization;
using System.Net;
using System.Text;
using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Digest;

/// <summary>
/// The digest as mail: a subject, plain text, and HTML with inline styles (what mail clients keep). The chart is an
/// <c>img</c> whose address the caller gives per brand (<c>cid:</c> for an attached image in mail, <c>data:</c> in the
/// preview), so the one formatter serves both.
/// </summary>
public static class DigestMessages
{
    public static string Subject(DigestReport r) =>
        $"[FusionMonitor] Your {Digests.Name(r.Period)} digest: " + (r.Brands.Count == 1 ? r.Brands[0].BrandName : $"{r.Brands.Count} brands") +
        $", {Day(r.From)} – {Day(r.To)}";

    public static string PlainText(DigestReport r, string dashboardUrl)
    {
        var s = new StringBuilder();
        s.AppendLine($"FusionMonitor {Digests.Name(r.Period)} digest, {Stamp(r.From)} – {Stamp(r.To)}");
        if (r.Brands.Count == 0) s.AppendLine("No brands to report on.");
        foreach (var b in r.Brands)
        {
            s.AppendLine();
            s.AppendLine($"== {b.BrandName} ==");
            s.AppendLine(Volume(b));
            s.AppendLine(b.Moves.Count == 0 ? "No score moved by 2 points or more." : "Score moves that mattered:");
            foreach (var m in b.Moves) s.AppendLine($"  {Move(m)}: {AlertMessages.Link(dashboardUrl, $"/pairs/{m.PairId}")}");
            s.AppendLine(b.OpenAlertCount == 0 ? "No open alerts." : $"Open alerts ({b.OpenAlertCount}):");
            foreach (var a in b.OpenAlerts) s.AppendLine($"  [{a.SeverityText}] {a.Title}: {a.Summary} {AlertMessages.Link(dashboardUrl, a.AlertPath)}");
            if (b.TopPosts.Count > 0) s.AppendLine("Top posts:");
            foreach (var p in b.TopPosts) s.AppendLine($"  {Byline(p)}: {p.Text}{(SafeUrl(p.Url) is { } u ? " " + u : "")}");
            s.AppendLine($"Brand page: {AlertMessages.Link(dashboardUrl, $"/brands/{b.BrandId}")}");
        }
        return s.ToString();
    }

    public static string Html(DigestReport r, string dashboardUrl, Func<DigestBrand, string> chartSrc)
    {
        static string E(string t) => WebUtility.HtmlEncode(t);
        var s = new StringBuilder();
        s.Append("<div style=\"font-family:Arial,Helvetica,sans-serif;max-width:640px;color:#222\">");
        s.Append($"<h1 style=\"font-size:20px;margin:0 0 4px\">Your {E(Digests.Name(r.Period))} digest</h1>");
        s.Append($"<p style=\"color:#555;margin:0 0 12px\">{E(Stamp(r.From))} – {E(Stamp(r.To))}</p>");
        if (r.Brands.Count == 0) s.Append("<p>No brands to report on.</p>");
        foreach (var b in r.Brands)
        {
            s.Append($"<div class=\"digest-brand\" data-brand-id=\"{b.BrandId}\" style=\"border-top:2px solid #1c3d6e;padding-top:8px;margin-top:16px\">");
            s.Append($"<h2 style=\"font-size:18px;margin:0 0 4px\"><a href=\"{E(AlertMessages.Link(dashboardUrl, $"/brands/{b.BrandId}"))}\" style=\"color:#1c3d6e\">{E(b.BrandName)}</a></h2>");
            s.Append($"<p style=\"margin:0 0 8px\">{E(Volume(b))}</p>");
            s.Append($"<img src=\"{E(chartSrc(b))}\" width=\"{DigestChart.Width}\" height=\"{DigestChart.Height}\" alt=\"{E($"Scores and mentions per hour for {b.BrandName}")}\" style=\"display:block;max-width:100%;height:auto;border:1px solid #e0e0e0\">");
            if (b.Charted.Count > 0)
            {
                s.Append("<p style=\"font-size:12px;color:#555;margin:4px 0 0\">");
                for (var i = 0; i < b.Charted.Count; i++)
                    s.Append($"<span style=\"display:inline-block;width:10px;height:10px;background:{DigestChart.LineColors[i % DigestChart.LineColors.Length]};margin:0 4px 0 {(i == 0 ? 0 : 10)}px\"></span>{E(b.Charted[i].InfluencerName)} (score)");
                s.Append("<span style=\"display:inline-block;width:10px;height:10px;background:#90a4ae;margin:0 4px 0 10px\"></span>mentions per hour<span style=\"display:inline-block;width:10px;height:10px;background:#c62828;margin:0 4px 0 10px\"></span>negative</p>");
            }
            s.Append("<h3 style=\"font-size:15px;margin:12px 0 4px\">Score moves that mattered</h3>");
            if (b.Moves.Count == 0) s.Append("<p style=\"margin:0\">No score moved by 2 points or more.</p>");
            else
            {
                s.Append("<ul class=\"digest-moves\" style=\"margin:0;padding-left:18px\">");
                foreach (var m in b.Moves)
                    s.Append($"<li><a href=\"{E(AlertMessages.Link(dashboardUrl, $"/pairs/{m.PairId}"))}\">{E(Move(m))}</a></li>");
                s.Append("</ul>");
            }
            s.Append($"<h3 style=\"font-size:15px;margin:12px 0 4px\">Open alerts{(b.OpenAlertCount > 0 ? $" ({b.OpenAlertCount})" : "")}</h3>");
            if (b.OpenAlertCount == 0) s.Append("<p style=\"margin:0\">No open alerts.</p>");
            foreach (var a in b.OpenAlerts)
                s.Append($"<p class=\"digest-alert\" style=\"margin:4px 0\"><span style=\"background:{AlertMessages.Color(a.Severity)};color:#fff;padding:1px 5px;border-radius:3px;font-size:12px;font-weight:bold\">{E(a.SeverityText)}</span> " +
                         $"<a href=\"{E(AlertMessages.Link(dashboardUrl, a.AlertPath))}\">{E(a.Title)}</a><br><span style=\"color:#555;font-size:13px\">{E(a.Summary)} · {E(a.Since)}</span></p>");
            if (b.OpenAlertCount > b.OpenAlerts.Count)
                s.Append($"<p style=\"margin:4px 0\"><a href=\"{E(AlertMessages.Link(dashboardUrl, $"/alerts?brandId={b.BrandId}"))}\">and {b.OpenAlertCount - b.OpenAlerts.Count} more in the inbox</a></p>");
            s.Append("<h3 style=\"font-size:15px;margin:12px 0 4px\">Top posts</h3>");
            if (b.TopPosts.Count == 0) s.Append("<p style=\"margin:0\">No posts in this period.</p>");
            foreach (var p in b.TopPosts)
            {
                s.Append("<blockquote class=\"digest-post\" style=\"border-left:3px solid #ccc;margin:6px 0;padding:2px 10px\">");
                s.Append($"<div style=\"color:#555;font-size:12px\">{E(Byline(p))}</div><div>{E(p.Text)}</div>");
                if (SafeUrl(p.Url) is { } u) s.Append($"<div style=\"font-size:12px\"><a href=\"{E(u)}\">open the post</a></div>");
                s.Append("</blockquote>");
            }
            s.Append("</div>");
        }
        s.Append($"<p style=\"color:#777;font-size:12px;margin-top:16px\">You get this because you asked for a {E(Digests.Name(r.Period))} digest. <a href=\"{E(AlertMessages.Link(dashboardUrl, "/account"))}\">Change or stop it</a>.</p>");
        s.Append("</div>");
        return s.ToString();
    }

    /// <summary>"Skye Star: 61.2 → 48.0 (−13.2)".</summary>
    public static string Move(DigestMove m) =>
        $"{m.InfluencerName}: {F(m.Before)} → {F(m.After)} ({(m.Change >= 0 ? "+" : "−")}{F(Math.Abs(m.Change))})";

    private static string Volume(DigestBrand b) =>
        b.Mentions == 0 ? "No mentions in this period." : FormattableString.Invariant($"{b.Mentions:N0} mentions, {b.Negative:N0} negative ({Math.Round(100.0 * b.Negative / b.Mentions)} %).");

    private static string Byline(DigestPost p) =>
        $"@{p.Author}" + (p.Followers is { } f ? $" · {Followers(f)} followers" : "") + $" · {p.CreatedAt.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture)}" +
        (p.Polarity <= -0.2 ? " · negative" : p.Polarity >= 0.2 ? " · positive" : "");

    private static string Followers(long n) =>
        n >= 1_000_000 ? string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:0.#}M") : n >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{n / 1e3:0.#}k") : n.ToString(CultureInfo.InvariantCulture);

    private static string? SafeUrl(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? url : null;

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("MMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
