namespace FusionMonitor.Storage;

/// <summary>
/// A list of ids as a table to join or run a lateral subquery per row over, in either dialect: an array unnested on
/// PostgreSQL, a JSON array read by <c>json_each</c> on SQLite. One parameter, whatever the list's length.
/// </summary>
internal static class IdTable
{
    /// <summary>The table expression <c>… as {alias}(id)</c> reading parameter <c>@{param}</c>.</summary>
    public static string Sql(DatabaseKind kind, string alias = "p", string param = "ids") => kind == DatabaseKind.Postgres
        ? $"unnest(@{param}::bigint[]) as {alias}(id)"
        : $"(select value as id from json_each(@{param})) as {alias}";

    public static object Param(DatabaseKind kind, IEnumerable<long> ids) => kind == DatabaseKind.Postgres
        ? ids.Distinct().ToArray()
        : "[" + string.Join(",", ids.Distinct().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
