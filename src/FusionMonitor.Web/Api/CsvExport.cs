using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

/// <summary>
/// <c>?format=csv</c> on list endpoints, for analysts' spreadsheets: the same rows, flattened, RFC 4180 quoting by
/// CsvHelper (post text with commas, quotes and line breaks survives the round trip).
/// </summary>
internal static class CsvExport
{
    public static bool Wanted(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    public static PushStreamHttpResult Write<T>(IEnumerable<T> rows, string fileName) => TypedResults.Stream(async stream =>
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        await csv.WriteRecordsAsync(rows);
    }, "text/csv; charset=utf-8", fileName);

    public sealed record MentionRow(long Id, string Source, string ExternalId, DateTimeOffset CreatedAt, string AuthorHandle, long? AuthorFollowers,
        string Label, float PNeg, float PNeu, float PPos, float Polarity, string BrandIds, string InfluencerIds, string? Url, string Text);

    public static MentionRow Flatten(MentionsApi.MentionItem m) => new(m.Id, m.Source, m.ExternalId, m.CreatedAt, m.Author.Handle, m.Author.Followers,
        m.Sentiment.Label, m.Sentiment.PNeg, m.Sentiment.PNeu, m.Sentiment.PPos, m.Sentiment.Polarity,
        string.Join(' ', m.BrandIds), string.Join(' ', m.InfluencerIds), m.Url, m.Text);
}
