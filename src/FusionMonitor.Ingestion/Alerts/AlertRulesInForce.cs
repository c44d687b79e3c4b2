using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FusionMonitor.Core.Alerts;
using FusionMonitor.Storage;
using FusionMonitor.Storage.Alerts;
using Microsoft.Extensions.Logging;

namespace FusionMonitor.Ingestion.Alerts;

/// <summary>
/// The alert rules in force: the configured ones (<c>Alerts:Defaults</c>, <c>Alerts:PerBrand</c>) with each brand's
/// stored changes (<see cref="BrandAlertRulesStore"/>, set in the dashboard or through the API) layered over its
/// configured rules. Read once per evaluation cycle (a row per brand that changed its rules), so a change made on one
/// instance is in force on every instance from their next cycle. Thread-safe.
/// </summary>
public sealed class AlertRulesInForce(AlertOptions configured, FusionDatabase db, BrandAlertRulesStore store, ILogger<AlertRulesInForce> log)
{
    /// <summary>The configured rules alone (what a brand without stored changes follows).</summary>
    public AlertOptions Configured => configured;

    /// <summary>The rules in force, read in the caller's transaction.</summary>
    public async Task<AlertOptions> CurrentAsync(DbConnection conn, DbTransaction? tx, CancellationToken ct)
    {
        var rows = await BrandAlertRulesStore.AllAsync(conn, tx, ct);
        if (rows.Count == 0) return configured;
        var perBrand = new Dictionary<long, AlertRules>(configured.PerBrand);
        foreach (var row in rows)
        {
            try
            {
                var rules = AlertRulesJson.Layer(configured.RulesFor(row.BrandId), JsonNode.Parse(row.Rules)?.AsObject() ?? []);
                if (rules.Validate() is { Count: > 0 } problems)
                    log.LogWarning("Brand {BrandId}'s stored alert rules are not valid over the configured ones ({Problems}); its configured rules apply", row.BrandId, string.Join("; ", problems));
                else perBrand[row.BrandId] = rules;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
            {
                log.LogWarning("Brand {BrandId}'s stored alert rules cannot be read ({Message}); its configured rules apply", row.BrandId, e.Message);
            }
        }
        return configured with { PerBrand = perBrand };
    }

    /// <summary>The rules in force, on a connection of its own.</summary>
    public async Task<AlertOptions> CurrentAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await CurrentAsync(conn, null, ct);
    }

    /// <summary>The rules in force for one brand, and the changes it stored (an empty object when none).</summary>
    public async Task<(AlertRules Rules, JsonObject Changes, BrandAlertRulesRow? Row)> ForBrandAsync(long brandId, CancellationToken ct = default)
    {
        var row = await store.GetAsync(brandId, ct);
        var rules = (await CurrentAsync(ct)).RulesFor(brandId);
        JsonObject changes;
        try { changes = row is null ? [] : JsonNode.Parse(row.Rules)?.AsObject() ?? []; }
        catch (JsonException) { changes = []; }
        return (rules, changes, row);
    }

    /// <summary>
    /// Stores a brand's changes to its configured rules, replacing what it stored before (an empty object: back to the
    /// configured rules). The changes are checked first: every name must be a rule, every value readable, and the
    /// rules they make valid; the problems otherwise, in sentences, and nothing stored. Null problems and false: no such brand.
    /// </summary>
    public async Task<(bool Found, IReadOnlyList<string> Problems)> SaveAsync(long brandId, JsonObject changes, string? by, DateTimeOffset now, CancellationToken ct = default)
    {
        var (rules, problems) = AlertRulesJson.TryLayer(configured.RulesFor(brandId), changes);
        if (rules is null) return (true, problems);
        return (await store.SaveAsync(brandId, changes.ToJsonString(), now, by, ct), []);
    }
}

/// <summary>
/// Alert rules as JSON: camelCase names of <see cref="AlertRules"/> (as under <c>Alerts:Defaults</c>), durations as
/// "d.hh:mm:ss", the sensitivity by name (low, medium, high). An unknown name is an error, never ignored.
/// </summary>
public static class AlertRulesJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Every rule of <paramref name="rules"/> by name.</summary>
    public static JsonObject ToJson(AlertRules rules) => JsonSerializer.SerializeToNode(rules, Options)!.AsObject();

    /// <summary><paramref name="basis"/> with the named <paramref name="changes"/>; throws when a name or a value cannot be read.</summary>
    public static AlertRules Layer(AlertRules basis, JsonObject changes)
    {
        var merged = ToJson(basis);
        foreach (var (name, value) in changes) merged[name] = value?.DeepClone();
        return merged.Deserialize<AlertRules>(Options) ?? throw new JsonException("rules must be an object");
    }

    /// <summary><see cref="Layer"/>, then <see cref="AlertRules.Validate"/>: the rules, or null and the problems in sentences.</summary>
    public static (AlertRules? Rules, IReadOnlyList<string> Problems) TryLayer(AlertRules basis, JsonObject changes)
    {
        try
        {
            var rules = Layer(basis, changes);
            var problems = rules.Validate();
            return problems.Count > 0 ? (null, problems) : (rules, []);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            return (null, [$"rules could not be read: {e.Message}"]);
        }
    }

    /// <summary>The named differences of <paramref name="rules"/> from <paramref name="basis"/> (what a brand stores).</summary>
    public static JsonObject Changes(AlertRules basis, AlertRules rules)
    {
        var from = ToJson(basis);
        var to = ToJson(rules);
        var changes = new JsonObject();
        foreach (var (name, value) in to)
            if (!JsonNode.DeepEquals(value, from[name])) changes[name] = value?.DeepClone();
        return changes;
    }
}
