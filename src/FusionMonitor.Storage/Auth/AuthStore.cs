using Dapper;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Auth;

/// <summary>The roles, least to most powerful. An analyst may read history and export; an admin may change anything.</summary>
public enum Role { Viewer = 0, Analyst = 1, Admin = 2 }

/// <summary>
/// A stored API key: only its public prefix and a hash of the whole key are kept. <paramref name="UserId"/> is the user
/// who issued it (null: issued with a key); <paramref name="OwnerRefused"/> says that user is disabled or deleted, which
/// refuses the key as <paramref name="Enabled"/> false does.
/// </summary>
public sealed record ApiKeyRecord(long Id, string Name, string KeyPrefix, string KeyHash, Role Role, IReadOnlyList<long>? BrandIds, DateTimeOffset? RevokedAt,
    bool Enabled = true, long? UserId = null, string? OwnerName = null, bool OwnerRefused = false);

/// <summary>A dashboard user; the password hash is produced by the web host's password hasher. A disabled user cannot sign in.</summary>
public sealed record UserRecord(long Id, string Name, string PasswordHash, Role Role, IReadOnlyList<long>? BrandIds, bool Enabled = true);

/// <summary>Users and API keys. Hashing is the caller's (the web host's) concern; this only stores.</summary>
public sealed class AuthStore(FusionDatabase db)
{
    /// <summary>
    /// Raised after a user or key was changed, disabled, revoked or deleted through this instance (so whatever keeps a
    /// caller's access for longer than a request, the hub's open connections, can check it again at once).
    /// </summary>
    public event Action? AccessChanged;

    private bool Changed(bool changed)
    {
        if (changed) AccessChanged?.Invoke();
        return changed;
    }

    /// <summary>The users of these ids that exist (one statement; the hub re-checks its connected users with it).</summary>
    public async Task<IReadOnlyList<UserRecord>> UsersAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<UserRow>(new CommandDefinition(
            $"select id, name, password_hash, role, brand_ids, enabled from users where {IdIn("id")}", new { ids = ids.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private string IdIn(string column) => db.Kind == DatabaseKind.Postgres ? $"{column} = any(@ids)" : $"{column} in @ids";

    /// <summary>The keys of these ids that exist, with their issuers' state (one statement).</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ApiKeysAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<KeyRow>(new CommandDefinition($"{KeyColumns} where {IdIn("k.id")}", new { ids = ids.ToArray() }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<long> AddApiKeyAsync(string name, string keyPrefix, string keyHash, Role role, IReadOnlyList<long>? brandIds, CancellationToken ct = default,
        long? userId = null)
    {
        StoredText.Require("name", name, keyPrefix);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into api_keys (name, key_prefix, key_hash, role, brand_ids, user_id, created_at) values (@name, @keyPrefix, @keyHash, @role, @brands, @userId, @now) returning id",
            new { name, keyPrefix, keyHash, role = RoleName(role), brands = brandIds is null ? null : Json.Write(brandIds), userId, now = DateTimeOffset.UtcNow },
            cancellationToken: ct));
    }

    /// <summary>Finds a key by the hash of its whole value (keys are long random strings, so a plain digest is enough).</summary>
    public async Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"{KeyColumns} where k.key_hash = @keyHash",
            new { keyHash }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ApiKeysAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<KeyRow>(new CommandDefinition(
            $"{KeyColumns} order by k.id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>A key with the user who issued it (refused when that user is disabled or no longer exists).</summary>
    private const string KeyColumns =
        """
        select k.id, k.name, k.key_prefix, k.key_hash, k.role, k.brand_ids, k.revoked_at, k.enabled, k.user_id, u.name as owner_name,
               (k.user_id is not null and (u.id is null or not u.enabled)) as owner_refused
        from api_keys k left join users u on u.id = k.user_id
        """;

    public async Task<ApiKeyRecord?> ApiKeyAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition($"{KeyColumns} where k.id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Renames a key and sets its enabled flag; false when there is no such key.</summary>
    public async Task<bool> UpdateApiKeyAsync(long id, string name, bool enabled, CancellationToken ct = default)
    {
        StoredText.Require("name", name);
        await using var conn = await db.OpenAsync(ct);
        return Changed(await conn.ExecuteAsync(new CommandDefinition(
            "update api_keys set name = @name, enabled = @enabled where id = @id", new { id, name, enabled }, cancellationToken: ct)) > 0);
    }

    /// <summary>
    /// Sets a user's role, enabled flag and the brands they may see (null: all); false when there is no such user. Each
    /// of their requests reads these again, so a change holds from their next one (a disabled user's sessions end).
    /// </summary>
    public async Task<bool> UpdateUserAsync(long id, Role role, bool enabled, IReadOnlyList<long>? brandIds, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return Changed(await conn.ExecuteAsync(new CommandDefinition(
            "update users set role = @role, enabled = @enabled, brand_ids = @brands where id = @id",
            new { id, role = RoleName(role), enabled, brands = brandIds is null ? null : Json.Write(brandIds) }, cancellationToken: ct)) > 0);
    }

    public async Task<bool> RevokeApiKeyAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return Changed(await conn.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = @now where id = @id and revoked_at is null", new { id, now = DateTimeOffset.UtcNow }, cancellationToken: ct)) > 0);
    }

    public async Task<long> AddUserAsync(string name, string passwordHash, Role role, IReadOnlyList<long>? brandIds, CancellationToken ct = default)
    {
        StoredText.Require("name", name);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into users (name, password_hash, role, brand_ids, created_at) values (@name, @passwordHash, @role, @brands, @now) returning id",
            new { name, passwordHash, role = RoleName(role), brands = brandIds is null ? null : Json.Write(brandIds), now = DateTimeOffset.UtcNow },
            cancellationToken: ct));
    }

    public async Task<UserRecord?> FindUserAsync(string name, CancellationToken ct = default)
    {
        if (!StoredText.IsStorable(name)) return null; // no such user can exist
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "select id, name, password_hash, role, brand_ids, enabled from users where name = @name", new { name }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<UserRecord>> UsersAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<UserRow>(new CommandDefinition("select id, name, password_hash, role, brand_ids, enabled from users order by id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<UserRecord?> UserAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "select id, name, password_hash, role, brand_ids, enabled from users where id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    /// <summary>Replaces a user's password hash; false when there is no such user.</summary>
    public async Task<bool> SetPasswordAsync(long id, string passwordHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("update users set password_hash = @passwordHash where id = @id", new { id, passwordHash }, cancellationToken: ct)) > 0;
    }

    /// <summary>Deletes a dashboard user; false when there was none. Their signed-in sessions end at their next request.</summary>
    public async Task<bool> DeleteUserAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return Changed(await conn.ExecuteAsync(new CommandDefinition("delete from users where id = @id", new { id }, cancellationToken: ct)) > 0);
    }

    public async Task<bool> AnyAdminAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var n = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "select (select count(*) from users where role = 'admin') + (select count(*) from api_keys where role = 'admin' and revoked_at is null)",
            cancellationToken: ct));
        return n > 0;
    }

    public static string RoleName(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParseRole(string? text, out Role role) =>
        Enum.TryParse(text, ignoreCase: true, out role) && Enum.IsDefined(role) && !int.TryParse(text, out _);

    private sealed class KeyRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string KeyPrefix { get; set; } = "";
        public string KeyHash { get; set; } = "";
        public string Role { get; set; } = "";
        public string? BrandIds { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
        public bool Enabled { get; set; } = true;
        public long? UserId { get; set; }
        public string? OwnerName { get; set; }
        public bool OwnerRefused { get; set; }
        public ApiKeyRecord ToRecord() => new(Id, Name, KeyPrefix, KeyHash, Enum.Parse<Role>(Role, true), BrandIds is null ? null : Json.Read<List<long>>(BrandIds, []), RevokedAt,
            Enabled, UserId, OwnerName, OwnerRefused);
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public string Role { get; set; } = "";
        public string? BrandIds { get; set; }
        public bool Enabled { get; set; } = true;
        public UserRecord ToRecord() => new(Id, Name, PasswordHash, Enum.Parse<Role>(Role, true), BrandIds is null ? null : Json.Read<List<long>>(BrandIds, []), Enabled);
    }
}
