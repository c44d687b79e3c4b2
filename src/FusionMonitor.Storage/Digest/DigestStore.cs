using Dapper;
using FusionMonitor.Core.Digest;

namespace FusionMonitor.Storage.Digest;

/// <summary>One digest subscription (<c>digest_subscriptions</c>, migration 0028): whose brands (a user's, one brand, or both), to which address, how often.</summary>
public sealed record DigestSubscription(long Id, long? UserId, long? BrandId, string Email, string Period, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? LastSentAt)
{
    public DigestPeriod PeriodKind => Digests.Parse(Period) ?? DigestPeriod.Daily;
}

/// <summary>Digest subscriptions: added, listed, removed, and marked sent by the digest job.</summary>
public sealed class DigestStore(FusionDatabase db)
{
    private const string Columns =
        "id as Id, user_id as UserId, brand_id as BrandId, email as Email, period as Period, created_by as CreatedBy, created_at as CreatedAt, last_sent_at as LastSentAt";

    public async Task<DigestSubscription> AddAsync(long? userId, long? brandId, string email, DigestPeriod period, string createdBy, DateTimeOffset now,
        CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            insert into digest_subscriptions (user_id, brand_id, email, period, created_by, created_at)
            values (@userId, @brandId, @email, @period, @createdBy, @now) returning id
            """, new { userId, brandId, email, period = Digests.Name(period), createdBy, now }, cancellationToken: ct));
        return new DigestSubscription(id, userId, brandId, email, Digests.Name(period), createdBy, now, null);
    }

    /// <summary>Every subscription, oldest first (the job's read; a few per user).</summary>
    public async Task<IReadOnlyList<DigestSubscription>> AllAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return (await conn.QueryAsync<DigestSubscription>(new CommandDefinition($"select {Columns} from digest_subscriptions order by id", cancellationToken: ct))).ToList();
    }

    public async Task<DigestSubscription?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<DigestSubscription>(new CommandDefinition(
            $"select {Columns} from digest_subscriptions where id = @id", new { id }, cancellationToken: ct));
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from digest_subscriptions where id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// Claims a due subscription for sending at <paramref name="now"/>: true for the one caller whose update finds
    /// <c>last_sent_at</c> still as it read it, so two instances running the job send it once.
    /// </summary>
    public async Task<bool> ClaimAsync(DigestSubscription s, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            s.LastSentAt is null
                ? "update digest_subscriptions set last_sent_at = @now where id = @Id and last_sent_at is null"
                : "update digest_subscriptions set last_sent_at = @now where id = @Id and last_sent_at = @LastSentAt",
            new { now, s.Id, s.LastSentAt }, cancellationToken: ct)) == 1;
    }
}
