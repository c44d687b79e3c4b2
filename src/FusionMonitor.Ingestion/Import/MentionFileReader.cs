using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Import;

public enum ImportFormat { JsonLines, Csv }

/// <summary>One line (record) of an import file: a mention, or the reason it was rejected. <see cref="Line"/> is 1-based.</summary>
public sealed record ImportRecord(int Line, IncomingMention? Mention, RejectedItem? Rejected);

/// <summary>
/// Streams mentions out of an import file, JSON Lines or CSV, one record at a time (constant memory, any file size).
/// A bad line becomes a <see cref="RejectedItem"/> whose Index is the line number; reading never stops for one.
/// CSV columns are named like the JSON fields, nested ones with a dot: <c>source, externalId, text, createdAt, url,
/// lang, author.handle, author.name, author.followers, author.following, author.posts, author.createdAt, engagement.likes,
/// engagement.reposts, engagement.replies, rating</c> (header names are case-insensitive; unknown columns are ignored).
/// </summary>
public static class MentionFileReader
{
    private const int MaxPayload = 500;

    /// <summary>
    /// UTF-8 that reads bytes which are not UTF-8 as U+FFFF (a noncharacter no text carries) instead of failing the
    /// whole file, so the line holding them is rejected with a reason and the reader goes on with the next.
    /// </summary>
    private static readonly Encoding Utf8WithMarker = Encoding.GetEncoding("utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(NotUtf8.ToString()));

    private const char NotUtf8 = '\uFFFF';

    private const string NotUtf8Reason = "the line is not valid UTF-8 (save the file as UTF-8)";

    /// <summary>The format from the extension (.jsonl, .ndjson, .csv), else null.</summary>
    public static ImportFormat? FormatFromExtension(string? path) => Path.GetExtension(path ?? "").ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => ImportFormat.JsonLines,
        ".csv" => ImportFormat.Csv,
        _ => null,
    };

    /// <summary>
    /// Reads <paramref name="stream"/> as the format <paramref name="fileName"/>'s extension says, or, for another
    /// extension, as sniffed from the first non-blank character ('{' means JSON Lines, anything else CSV). A JSON
    /// array (a common mistake) yields one rejection that says how to convert it.
    /// </summary>
    public static async IAsyncEnumerable<ImportRecord> ReadAsync(Stream stream, string? fileName, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(stream, Utf8WithMarker, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var format = FormatFromExtension(fileName) ?? Sniff(reader);
        if (format == ImportFormat.JsonLines && SkipWhitespaceAndPeek(reader) == '[')
        {
            yield return new ImportRecord(1, null, new RejectedItem(1,
                "the file is a JSON array; import reads JSON Lines (one object per line) or CSV. Convert with: jq -c '.[]' file.json > file.jsonl"));
            yield break;
        }
        var records = format == ImportFormat.Csv ? ReadCsvAsync(reader, ct) : ReadJsonLinesAsync(reader, ct);
        await foreach (var r in records.ConfigureAwait(false)) yield return r;
    }

    /// <summary>Opens and reads a file; see <see cref="ReadAsync(Stream, string?, CancellationToken)"/>.</summary>
    public static async IAsyncEnumerable<ImportRecord> ReadFileAsync(string path, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var stream = File.OpenRead(path);
        await foreach (var r in ReadAsync(stream, path, ct).ConfigureAwait(false)) yield return r;
    }

    /// <summary>'{' or '[' first means JSON; anything else is taken for a CSV header.</summary>
    private static ImportFormat Sniff(StreamReader reader) =>
        SkipWhitespaceAndPeek(reader) is '{' or '[' ? ImportFormat.JsonLines : ImportFormat.Csv;

    private static int SkipWhitespaceAndPeek(StreamReader reader)
    {
        int c;
        while ((c = reader.Peek()) >= 0 && char.IsWhiteSpace((char)c)) reader.Read();
        return c;
    }

    private static async IAsyncEnumerable<ImportRecord> ReadJsonLinesAsync(StreamReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        var lineNo = 0;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            IncomingMention? mention = null;
            string? reason;
            if (line.Contains(NotUtf8, StringComparison.Ordinal)) reason = NotUtf8Reason;
            else
            {
                try
                {
                    using var doc = JsonDocument.Parse(line);
                    mention = MentionDto.FromJson(doc.RootElement, out reason);
                }
                catch (JsonException ex)
                {
                    reason = "not valid JSON: " + ex.Message;
                }
            }
            yield return mention is not null
                ? new ImportRecord(lineNo, mention, null)
                : new ImportRecord(lineNo, null, new RejectedItem(lineNo, reason!, null, null, Cut(line)));
        }
    }

    private static async IAsyncEnumerable<ImportRecord> ReadCsvAsync(StreamReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        string? badData = null;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            HeaderValidated = null,
            BadDataFound = args => badData ??= "bad quoting near: " + Cut(args.RawRecord.Trim()),
            DetectColumnCountChanges = false,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(reader, config);
        if (!await csv.ReadAsync().ConfigureAwait(false)) yield break;
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var columns = new HashSet<string>(header.Select(h => h.Trim().ToLowerInvariant()));
        var missing = new[] { "source", "externalid", "text", "createdat", "author.handle" }.Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            yield return new ImportRecord(1, null, new RejectedItem(1, "CSV header lacks column(s): " + string.Join(", ", missing), null, null, Cut(string.Join(",", header))));
            yield break;
        }
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            bool more;
            string? readError = null;
            try
            {
                more = await csv.ReadAsync().ConfigureAwait(false);
            }
            catch (CsvHelperException ex)
            {
                more = false;
                readError = "unreadable CSV: " + ex.Message.Split('\n')[0];
            }
            if (readError is not null)
            {
                // The parser cannot resynchronise after this; report where it stopped and end.
                yield return new ImportRecord(csv.Parser.RawRow, null, new RejectedItem(csv.Parser.RawRow, readError));
                yield break;
            }
            if (!more) yield break;
            var raw = csv.Parser.RawRecord;
            // RawRow is the physical line the record ends on; a quoted field may span lines, so count back to its start.
            var line = csv.Parser.RawRow - raw.TrimEnd('\r', '\n').Count(c => c == '\n');
            if (badData is not null)
            {
                yield return new ImportRecord(line, null, new RejectedItem(line, badData, null, null, Cut(raw)));
                badData = null;
                continue;
            }
            if (csv.Parser.Record is { } fields && fields.All(string.IsNullOrWhiteSpace)) continue;
            if (raw.Contains(NotUtf8, StringComparison.Ordinal))
            {
                yield return new ImportRecord(line, null, new RejectedItem(line, NotUtf8Reason, null, null, Cut(raw)));
                continue;
            }
            var mention = FromCsv(csv, out var reason);
            yield return mention is not null
                ? new ImportRecord(line, mention, null)
                : new ImportRecord(line, null, new RejectedItem(line, reason!, Field(csv, "source"), Field(csv, "externalid"), Cut(raw)));
        }
    }

    private static IncomingMention? FromCsv(CsvReader csv, out string? reason)
    {
        reason = null;
        long? followers = null, following = null, posts = null, likes = null, reposts = null, replies = null;
        int? rating = null;
        if (!TryLong(csv, "author.followers", ref followers, ref reason)
            || !TryLong(csv, "author.following", ref following, ref reason)
            || !TryLong(csv, "author.posts", ref posts, ref reason)
            || !TryLong(csv, "engagement.likes", ref likes, ref reason)
            || !TryLong(csv, "engagement.reposts", ref reposts, ref reason)
            || !TryLong(csv, "engagement.replies", ref replies, ref reason))
            return null;
        long? r = null;
        if (!TryLong(csv, "rating", ref r, ref reason)) return null;
        if (r is { } rv) rating = (int)Math.Clamp(rv, int.MinValue, int.MaxValue);
        var hasEngagement = likes is not null || reposts is not null || replies is not null;
        var dto = new MentionDto(
            Field(csv, "source"), Field(csv, "externalid"), Field(csv, "text"), Field(csv, "createdat"),
            new AuthorDto(Field(csv, "author.handle"), Field(csv, "author.name"), followers, following, posts, Field(csv, "author.createdat")),
            Field(csv, "url"), Field(csv, "lang"),
            hasEngagement ? new EngagementDto(likes, reposts, replies) : null,
            rating);
        return dto.ToMention(out reason);
    }

    private static bool TryLong(CsvReader csv, string column, ref long? value, ref string? reason)
    {
        var s = Field(csv, column);
        if (string.IsNullOrWhiteSpace(s)) return true;
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            value = n;
            return true;
        }
        reason = $"{column} '{Cut(s)}' is not a whole number";
        return false;
    }

    private static string? Field(CsvReader csv, string column) =>
        csv.TryGetField<string>(column, out var v) && !string.IsNullOrEmpty(v) ? v : null;

    private static string Cut(string s) => TextCut.Cut(s, MaxPayload, "…");
}
