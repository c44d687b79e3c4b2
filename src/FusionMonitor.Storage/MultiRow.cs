using Dapper;

namespace FusionMonitor.Storage;

/// <summary>
/// One multi-row <c>INSERT … VALUES (…), (…)</c> instead of a statement per row: the score and rollup upserts of a
/// batch are tens of rows, and a round trip each cost more than the rest of the batch. Same SQL on both databases.
/// </summary>
internal static class MultiRow
{
    /// <summary>Rows per statement: keeps the parameter count far below SQLite's and PostgreSQL's limits.</summary>
    public const int ChunkSize = 500;

    /// <param name="insertInto">e.g. <c>insert into t (a, b)</c></param>
    /// <param name="tail">e.g. <c>on conflict (a) do update set b = excluded.b</c></param>
    /// <param name="values">each row's values, in column order</param>
    public static async Task<int> ExecuteAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, string insertInto, string tail,
        IEnumerable<object?[]> values, CancellationToken ct)
    {
        var total = 0;
        foreach (var chunk in values.Chunk(ChunkSize))
        {
            var p = new DynamicParameters();
            var rows = new List<string>(chunk.Length);
            for (var r = 0; r < chunk.Length; r++)
            {
                var names = new string[chunk[r].Length];
                for (var c = 0; c < names.Length; c++)
                {
                    names[c] = $"@p{r}_{c}";
                    p.Add(names[c][1..], chunk[r][c]);
                }
                rows.Add("(" + string.Join(", ", names) + ")");
            }
            total += await conn.ExecuteAsync(new CommandDefinition($"{insertInto} values {string.Join(", ", rows)} {tail}", p, tx, cancellationToken: ct));
        }
        return total;
    }
}
