using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FusionMonitor.Web.Api;

/// <summary>
/// <c>?format=csv</c> on list endpoints, for analysts' spreadsheets: the same rows, flattened, RFC 4180 quoting by
/// CsvHelper (post text with commas, quotes and line breaks survives the round trip). Timestamps are ISO-8601 UTC, and
/// a text cell (never a number) that a spreadsheet would run as a formula — one starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return — is written with a leading <c>'</c>, so it shows as the text it is.
/// </summary>
internal static class CsvExport
{
    public static bool Wanted(string? format) => string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);

    public static PushStreamHttpResult Write<T>(IEnumerable<T> rows, string fileName) => TypedResults.Stream(async stream =>
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.Context.TypeConverterCache.AddConverter<string>(new FormulaSafeText());
        csv.Context.TypeConverterCache.AddConverter<DateTimeOffset>(new IsoUtc());
        csv.Context.TypeConverterCache.AddConverter<DateTimeOffset?>(new IsoUtc());
        await csv.WriteRecordsAsync(rows);
    }, "text/csv; charset=utf-8", fileName);

    /// <summary>A cell that a spreadsheet would take for a formula: starts with one of these.</summary>
    public static bool LooksLikeFormula(string s) => s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Text cells: prefixed with <c>'</c> when they would run as a formula (OWASP's advice for CSV injection).</summary>
    private sealed class FormulaSafeText : CsvHelper.TypeConversion.StringConverter
    {
        public override string? ConvertToString(object? value, CsvHelper.IWriterRow row, CsvHelper.Configuration.MemberMapData memberMapData) =>
            value is string s && LooksLikeFormula(s) ? "'" + s : base.ConvertToString(value, row, memberMapData);
    }

    /// <summary>Timestamps as ISO-8601 in UTC (<c>2026-11-25T12:00:00Z</c>, fractions when there are any).</summary>
    private sealed class IsoUtc : CsvHelper.TypeConversion.DefaultTypeConverter
    {
        public override string? ConvertToString(object? value, CsvHelper.IWriterRow row, CsvHelper.Configuration.MemberMapData memberMapData) =>
            value is DateTimeOffset t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture) : "";
    }

    /// <summary>
    /// A mention as one CSV row. <c>Targets</c> is the polarity toward each party it names, as
    /// <c>brand:12:negative:-0.81 influencer:3:positive:0.40</c> (kind, id, label, polarity; empty when nothing was read);
    /// <c>CorrectedLabel</c> an analyst's label in force (then <c>Label</c> and the probabilities are that reading).
    /// </summary>
    public sealed record MentionRow(long Id, string Source, string ExternalId, DateTimeOffset CreatedAt, string AuthorHandle, long? AuthorFollowers,
        string Label, float PNeg, float PNeu, float PPos, float Polarity, string BrandIds, string InfluencerIds, string? Lang, bool Scored,
        string Targets, string? CorrectedLabel, string? Url, string Text);

    public static MentionRow Flatten(MentionsApi.MentionItem m) => new(m.Id, m.Source, m.ExternalId, m.CreatedAt, m.Author.Handle, m.Author.Followers,
        m.Sentiment.Label, m.Sentiment.PNeg, m.Sentiment.PNeu, m.Sentiment.PPos, m.Sentiment.Polarity,
        string.Join(' ', m.BrandIds), string.Join(' ', m.InfluencerIds), m.Lang, m.Scored,
        string.Join(' ', (m.Targets ?? []).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Kind}:{t.Id}:{t.Label}:{t.Polarity:0.00}"))),
        m.Correction?.Label, m.Url, m.Text);
}
