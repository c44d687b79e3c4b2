using FusionMonitor.Core.Digest;
using FusionMonitor.Core.Scoring;
using FusionMonitor.Ingestion.Scoring;
using FusionMonitor.Storage.Alerts;
using FusionMonitor.Storage.Entities;
using FusionMonitor.Storage.Mentions;
using FusionMonitor.Storage.Scores;
using FusionMonitor.Storage.Strategy;

namespace FusionMonitor.Ingestion.Digest;

/// <summary>
/// Reads what a digest says of each brand from the stores (<see cref="DigestReport"/>): per brand, its pairs' scores at
/// the window's start (the neutral score for a pair with none recorded before it) and now (the live score, as the board shows it) with their hourly points, its hourly mention
/// rollups, its open and acknowledged alerts, and the newest <see cref="PostsRead"/> of its mentions for the top posts.
/// Every read is by brand key and window, so a digest costs what its brands hold in the window, not the store.
/// </summary>
public sealed class DigestBuilder(EntityStore entities, PairReadModel pairs, HistoryStore history, RollupStore rollups, AlertStore alerts,
    BrandMentionReads mentions, MentionStore mentionStore)
{
    /// <summary>The most brands one digest covers (a user who sees more gets the first ones by name, and a link to the board).</summary>
    public const int MaxBrands = 20;

    /// <summary>The newest mentions of a brand read for its top posts.</summary>
    public const int PostsRead = 2000;

    public async Task<DigestReport> BuildAsync(IReadOnlyCollection<long> brandIds, DigestPeriod period, DateTimeOffset now, CancellationToken ct = default)
    {
        var (from, to) = Digests.Window(period, now);
        var brands = (await entities.BrandsAsync(ct)).Where(b => brandIds.Contains(b.Id)).OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).Take(MaxBrands).ToList();
        var sections = new List<DigestBrand>();
        foreach (var brand in brands) sections.Add(await BrandAsync(brand.Id, brand.Name, from, to, now, ct));
        return new DigestReport(period, from, to, sections);
    }

    private async Task<DigestBrand> BrandAsync(long brandId, string name, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct)
    {
        var brandPairs = await entities.PairsOfBrandAsync(brandId, ct);
        var ids = brandPairs.Select(p => p.Id).ToList();
        var views = (await pairs.ViewsAsync(brandPairs, maxDrivers: 0, ct)).ToDictionary(v => v.Pair.Id);
        var before = await history.ScoresKnownAtAsync(ids, from, ct);
        var hourly = await history.HourlyAsync(ids, from, to, ct);
        var moves = new List<DigestMove>();
        foreach (var id in ids)
        {
            if (!views.TryGetValue(id, out var view)) continue;
            // A pair with no score recorded before the window had no evidence then: it stood at the neutral score.
            var start = before.TryGetValue(id, out var b) ? b : FusionScore.NeutralScore;
            var points = new List<DigestPoint> { new(from, start) };
            points.AddRange(hourly[id].Select(p => new DigestPoint(p.Hour, p.Score)));
            points.Add(new DigestPoint(now, view.Score.Score));
            moves.Add(new DigestMove(id, view.Influencer, start, view.Score.Score, Digests.Held(points)));
        }

        var volume = (await rollups.HourlyAsync(brand: true, brandId, from, to, ct)).Select(r => new DigestVolume(r.Hour, r.Mentions, r.Negative)).ToList();

        var open = await alerts.ListAsync(new AlertQuery(["open", "acknowledged"], BrandId: brandId), null, limit: 100, ct);
        var cards = open.Take(Digests.MaxAlerts).Select(a => a.Card(now)).ToList();

        var rows = await mentions.InWindowAsync(brandId, from, to, PostsRead, withText: true, ct);
        var top = Digests.TopPosts(rows.Where(r => r.Scored && r.Text is not null).Select(r =>
            (new DigestPost(r.Id, r.AuthorHandle, r.Followers, r.Text!, null, default, r.TowardBrand), r.Engagement)));
        var found = await mentionStore.CardsAsync(top.Select(p => p.MentionId).ToList(), ct);
        top = top.Select(p => found.TryGetValue(p.MentionId, out var c) ? p with { Url = c.Url, CreatedAt = c.CreatedAt } : p).ToList();

        return new DigestBrand(brandId, name, volume.Sum(v => v.Mentions), volume.Sum(v => v.Negative), Digests.MovesThatMattered(moves), Digests.Charted(moves),
            cards, open.Count, top, volume);
    }
}
