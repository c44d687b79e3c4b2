using System.Text.Json.Nodes;
using FusionMonitor.Core.Alerts;

namespace FusionMonitor.Core.Tests.Alerts;

public sealed class AlertCardTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 2, 1, 12, 0, TimeSpan.Zero);

    private static readonly AlertEvidence Evidence = new(
    [
        new EvidenceMention(11, "bot1", -0.9, 6, Accounts: 6, Text: "BOYCOTT Chez Marlin <!channel> & <script>x</script>", Url: "https://bsky.app/p/11", Followers: 400_000, CreatedAt: Opened.AddMinutes(-5)),
        new EvidenceMention(12, "@ann", -0.8, 5, Text: "Roxy Vale was rude to the staff at Chez Marlin", Url: "javascript:alert(1)", Followers: 1_234, CreatedAt: Opened.AddMinutes(-3)),
        new EvidenceMention(13, null, -0.7, 4, Text: "awful", Authenticity: 0.42, AuthenticityNote: "new account, weighed ×0.42"),
        new EvidenceMention(14, "dan", -0.6, 3, Text: "fourth, not on the card"),
    ], ["bot1", "@ann", "dan"], ["rude"]);

    private static AlertFacts PairSpike(AlertStatus status = AlertStatus.Open) => new(7, AlertKind.NegativeSpike, status, 3, 12, "Chez Marlin", "Roxy Vale",
        Opened, null, 12.4, 61.5, 44.25, "Negative spike for Roxy Vale × Chez Marlin: 30 negative mentions in the last hour", Evidence);

    [Fact]
    public void A_pair_spike_names_both_says_how_bad_and_shows_the_posts()
    {
        var c = AlertCards.Build(PairSpike(), Opened.AddMinutes(23));
        Assert.Equal("Negative spike: Roxy Vale × Chez Marlin", c.Title);
        Assert.Equal("Negative spike", c.KindText);
        Assert.Equal("critical", c.Severity);
        Assert.Equal("CRITICAL", c.SeverityText);
        Assert.Equal(["Score 61.5 → 44.3 (−17.3)", "Negative volume 12.4× the usual for this time", "The posts behind it reach 401k followers"], c.Figures);
        Assert.Equal("Open since Dec 2, 01:12 UTC (23 min ago)", c.Since);
        Assert.Equal("/pairs/12", c.SubjectPath);
        Assert.Equal("/alerts/7", c.AlertPath);
        Assert.Equal(3, c.Posts.Count);
        Assert.Equal(["@bot1", "@ann", "unknown author"], c.Posts.Select(p => p.Author));
        Assert.Equal("@ann · 1.2k followers · Dec 2, 01:09 UTC · about staff", c.Posts[1].Byline); // the aspect it names
        Assert.Equal(["staff"], c.Posts[1].Aspects);
        Assert.Empty(c.Posts[2].Aspects!);
        Assert.Contains("coordinated: 6 accounts", c.Posts[0].Byline);
        Assert.Equal("unknown author · new account, weighed ×0.42", c.Posts[2].Byline); // why its author weighs less
        Assert.Equal(["6 accounts posted near-identical text (shown once, as @bot1): likely coordinated, counted as one voice"], c.Groups);
        Assert.StartsWith("Read the posts shown with this alert", c.WhatToDo);
        Assert.Contains("Acknowledge", c.WhatToDo);
    }

    [Fact]
    public void A_post_s_aspects_about_the_alert_s_brand_are_shown_when_the_alert_carries_them_else_every_aspect_its_text_names()
    {
        const string text = "Loved my Lumen Knits sweater but the Gilded Salmon waiters were rude";
        AlertFacts Facts(IReadOnlyList<string>? aspects) => PairSpike() with
        {
            Evidence = new AlertEvidence([new EvidenceMention(21, "kim", -0.5, 3, Text: text, Aspects: aspects)], ["kim"], []),
        };
        Assert.Equal(["staff"], AlertCards.Build(Facts(["staff"]), Opened).Posts[0].Aspects);
        Assert.EndsWith("about staff", AlertCards.Build(Facts(["staff"]), Opened).Posts[0].Byline);
        Assert.Equal(["staff", "quality"], AlertCards.Build(Facts(null), Opened).Posts[0].Aspects); // an alert stored before attribution
    }

    [Theory]
    [InlineData(AlertKind.ScoreDrop, 22.0, "Score drop", "high", "Fell 22.0 points")]
    [InlineData(AlertKind.ScoreBelow, 4.0, "Score below threshold", "low", "4.0 points below the alert line of 30")]
    [InlineData(AlertKind.PositiveSpike, 8.0, "Positive spike", "medium", "Positive volume 8× the usual for this time")]
    public void Each_kind_reads_in_words_with_its_figures(AlertKind kind, double value, string kindText, string severity, string figure)
    {
        var f = new AlertFacts(1, kind, AlertStatus.Acknowledged, 3, null, "Chez Marlin", null, Opened, null, value,
            kind == AlertKind.ScoreDrop ? 48 : null, kind == AlertKind.ScoreDrop ? 26 : kind == AlertKind.ScoreBelow ? 26 : null, "s", AlertEvidence.None);
        var c = AlertCards.Build(f, Opened.AddHours(3).AddMinutes(5));
        Assert.Equal($"{kindText}: Chez Marlin", c.Title);
        Assert.Equal(severity, c.Severity);
        Assert.Contains(figure, c.Figures);
        Assert.Equal("/brands/3", c.SubjectPath);
        Assert.Equal("Acknowledged, open since Dec 2, 01:12 UTC (3 h 5 min ago)", c.Since);
        Assert.Empty(c.Posts);
        Assert.Empty(c.Groups);
    }

    [Theory]
    [InlineData(0.0, "22 negative mentions in the last hour, where an hour usually has none")]
    [InlineData(0.4, "22 negative mentions in the last hour, where an hour usually has hardly any")]
    public void A_spike_against_the_floor_reads_in_words_not_as_a_ratio_to_the_floor(double level, string figure)
    {
        var f = PairSpike() with { Value = 84.2, Evidence = Evidence with { Spike = new SpikeFigures(22, 84.2, 1, level, true, 1) } };
        var c = AlertCards.Build(f, Opened);
        Assert.Equal(["Score 61.5 → 44.3 (−17.3)", figure, "The posts behind it reach 401k followers"], c.Figures);
        Assert.DoesNotContain(c.Figures, x => x.Contains('×'));
        // Measured against a real usual, the ratio stays.
        var usual = AlertCards.Build(PairSpike() with { Evidence = Evidence with { Spike = new SpikeFigures(30, 62, 5, 5, false, 1) } }, Opened);
        Assert.Contains("Negative volume 12.4× the usual for this time", usual.Figures);
    }

    [Fact]
    public void A_resolved_alert_says_when_and_that_nothing_is_left_to_do()
    {
        var f = PairSpike(AlertStatus.Resolved) with { ResolvedAt = Opened.AddHours(1) };
        var c = AlertCards.Build(f, Opened.AddDays(2));
        Assert.Equal("Opened Dec 2, 01:12 UTC, resolved Dec 2, 02:12 UTC (1 d 23 h ago)", c.Since);
        Assert.Contains("Resolved: nothing to do", c.WhatToDo);
    }

    [Fact]
    public void Slack_escapes_post_text_so_nobody_is_pinged_and_links_are_absolute()
    {
        var c = AlertCards.Build(PairSpike(), Opened);
        var slack = AlertMessages.Slack(c, "https://fusion.example.com/", "opened");
        var json = slack.ToJsonString();
        Assert.DoesNotContain("<!channel>", json);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;script&gt;", slack["blocks"]!.AsArray().Select(b => b!["text"]?["text"]?.GetValue<string>()).OfType<string>().First(t => t.Contains("BOYCOTT")));
        var actions = slack["blocks"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "actions")!["elements"]!.AsArray();
        Assert.Equal("https://fusion.example.com/alerts/7", actions[0]!["url"]!.GetValue<string>());
        Assert.Equal("https://fusion.example.com/pairs/12", actions[1]!["url"]!.GetValue<string>());
        Assert.StartsWith("[CRITICAL] Negative spike: Roxy Vale × Chez Marlin", slack["text"]!.GetValue<string>());
    }

    [Fact]
    public void Teams_is_one_adaptive_card_with_the_title_posts_and_actions()
    {
        var c = AlertCards.Build(PairSpike(), Opened);
        var teams = AlertMessages.Teams(c, "https://fusion.example.com", "resolved");
        Assert.Equal("message", teams["type"]!.GetValue<string>());
        var card = teams["attachments"]![0]!["content"]!;
        Assert.Equal("1.4", card["version"]!.GetValue<string>());
        var texts = card["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "TextBlock").Select(b => b!["text"]!.GetValue<string>()).ToList();
        Assert.Contains("Negative spike: Roxy Vale × Chez Marlin (resolved)", texts);
        Assert.Contains("Roxy Vale was rude to the staff at Chez Marlin", texts);
        Assert.Equal("https://fusion.example.com/alerts/7", card["actions"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public void Email_html_encodes_post_text_and_links_only_http_posts()
    {
        var c = AlertCards.Build(PairSpike(), Opened);
        var html = AlertMessages.Html(c, "https://fusion.example.com", "opened");
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("href=\"https://bsky.app/p/11\"", html);
        Assert.DoesNotContain("javascript:", html);
        var text = AlertMessages.PlainText(c, "https://fusion.example.com", "opened");
        Assert.StartsWith("[CRITICAL] Negative spike: Roxy Vale × Chez Marlin\n", text.ReplaceLineEndings("\n"));
        Assert.Contains("Alert: https://fusion.example.com/alerts/7", text);
        Assert.Contains("Coordinated: 6 accounts", text);
    }

    [Fact]
    public void A_group_found_twice_is_one_post_and_one_group()
    {
        var twice = new AlertEvidence(
        [
            new EvidenceMention(1, "bot5x", -0.9, 6, Accounts: 3, Text: "BOYCOTT them now"),
            new EvidenceMention(2, "bot2x", -0.9, 6, Accounts: 4, Text: " boycott them NOW"),
            new EvidenceMention(3, "ann", -0.8, 5, Text: "rude staff"),
        ], [], []);
        var c = AlertCards.Build(PairSpike() with { Evidence = twice }, Opened);
        Assert.Equal(["@bot5x", "@ann"], c.Posts.Select(p => p.Author));
        Assert.Equal(4, c.Posts[0].Accounts);
        Assert.Single(c.Groups);
    }

    [Theory]
    [InlineData(999, "999")]
    [InlineData(1_234, "1.2k")]
    [InlineData(40_000, "40k")]
    [InlineData(2_500_000, "2.5M")]
    public void Follower_counts_read_short(long n, string expected) => Assert.Equal(expected, AlertCards.Count(n));

    [Fact]
    public void A_goal_at_risk_reads_as_a_plan_off_course_with_how_far_short_and_the_score_now()
    {
        var f = new AlertFacts(9, AlertKind.GoalAtRisk, AlertStatus.Open, 3, 12, "Chez Marlin", "Roxy Vale", Opened, null, 15, null, 50,
            "Goal 4 for Roxy Vale × Chez Marlin is off course: the trend (0.00 a day) projects 50.0 on Dec 7, short of the milestone of 65 (score now 50.0).", AlertEvidence.None);
        var c = AlertCards.Build(f, Opened.AddMinutes(5));
        Assert.Equal("Goal at risk: Roxy Vale × Chez Marlin", c.Title);
        Assert.Equal("goalAtRisk", c.Kind);
        Assert.Equal("medium", c.Severity);
        Assert.Equal(["Score now 50.0", "Projected 15.0 points short of the next milestone on the current trend"], c.Figures);
        Assert.StartsWith("The plan is off course", c.WhatToDo);
        Assert.Empty(c.Posts);
        Assert.Equal("low", AlertSeverities.Name(AlertSeverities.Of(AlertKind.GoalAtRisk, 4)));
    }
}
