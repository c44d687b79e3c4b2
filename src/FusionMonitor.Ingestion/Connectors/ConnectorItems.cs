using System.Runtime.InteropServices;
using System.Text.Json;
using FusionMonitor.Core.Mentions;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Ingestion.Connectors;

/// <summary>
/// The quarantine mechanism every connector's parser uses, item by item, so one bad item never fails its page (and
/// never sticks a source on the page that carries it): <see cref="Read{T}"/> runs the parser's reading of one item
/// and turns anything that goes wrong inside — a missing field, a date that is not one, a string that is not text
/// (<see cref="JsonElement.GetString"/> throws on an unpaired surrogate escape such as <c>\ud800</c> and on bytes that
/// are not UTF-8) — into that item's <see cref="RejectedItem"/> with the reason and a copy of what arrived. Items whose
/// fields hold text the store refuses (a NUL) are read; the pipeline's validation then quarantines them with the
/// reason, in the same transaction that stores the rest and moves the cursor.
/// Works for any item type: JSON elements here, XML elements in a feed parser.
/// </summary>
public static class ConnectorItems
{
    /// <summary>Longest copy of an item kept with its rejection.</summary>
    public const int MaxPayload = 500;

    /// <summary>
    /// Reads item <paramref name="index"/> with <paramref name="read"/>, which answers the mention or the reason it is
    /// not one. A reason, or any exception but cancellation, adds the item to <paramref name="rejected"/>; a mention is
    /// added to <paramref name="mentions"/> and returned.
    /// </summary>
    public static IncomingMention? Read<T>(int index, string source, T item, Func<T, (IncomingMention? Mention, string? Reason)> read,
        Func<T, string?> externalId, Func<T, string?> payload, List<IncomingMention> mentions, List<RejectedItem> rejected)
    {
        var (mention, reason) = TryRead(item, read);
        if (mention is not null)
        {
            mentions.Add(mention);
            return mention;
        }
        rejected.Add(Reject(index, reason!, source, Safe(() => externalId(item)), Safe(() => payload(item))));
        return null;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on one item and never throws (but for cancellation): the mention, or the reason the
    /// item is not one — the reason it gave, or what went wrong inside it, said plainly. For readers that yield records
    /// one by one (the import files) rather than fill lists.
    /// </summary>
    public static (IncomingMention? Mention, string? Reason) TryRead<T>(T item, Func<T, (IncomingMention? Mention, string? Reason)> read)
    {
        try
        {
            var (mention, reason) = read(item);
            return mention is not null ? (mention, null) : (null, reason ?? "not a mention");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, Explain(e));
        }
    }

    /// <summary>The same, for JSON items: the id is read with <see cref="String"/>, the payload is the item's JSON as it arrived.</summary>
    public static IncomingMention? Read(int index, string source, JsonElement item, Func<JsonElement, (IncomingMention? Mention, string? Reason)> read,
        string idField, List<IncomingMention> mentions, List<RejectedItem> rejected) =>
        Read(index, source, item, read, e => String(e, idField), Payload, mentions, rejected);

    /// <summary>A rejection with its payload cut on a text-element boundary (the store makes every field storable).</summary>
    public static RejectedItem Reject(int index, string reason, string? source, string? externalId, string? payload) =>
        new(index, reason, source, externalId, payload is null ? null : TextCut.Cut(payload, MaxPayload, "…"));

    /// <summary>An item's JSON as it arrived, never throwing (bytes that are not UTF-8 read as U+FFFD).</summary>
    public static string Payload(JsonElement item) => System.Text.Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(item));

    /// <summary>A string property, or null when it is absent, not a string, or not text at all; never throws.</summary>
    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? String(v) : null;

    /// <summary>A string value, or null when it is not a string or not text at all; never throws.</summary>
    public static string? String(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>What went wrong reading an item, said plainly (a string that is not text is named as such).</summary>
    public static string Explain(Exception e) => e switch
    {
        InvalidOperationException when e.Message.Contains("UTF", StringComparison.Ordinal) =>
            "the item holds a string that is not valid text (an unpaired UTF-16 surrogate escape or invalid UTF-8)",
        FormatException or OverflowException or JsonException or InvalidOperationException => "the item could not be read: " + e.Message,
        _ => $"the item could not be read ({e.GetType().Name}: {e.Message})",
    };

    private static string? Safe(Func<string?> get)
    {
        try
        {
            return get();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
