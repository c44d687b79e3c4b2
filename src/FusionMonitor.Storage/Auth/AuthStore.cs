using Dapper;
using FusionMonitor.Core.Text;

namespace FusionMonitor.Storage.Auth;

/// <summary>The roles, least to most powerful. An analyst may read history and export; an admin may change anything.</summary>
public enum Role { Viewer = 0, Analyst = 1, Admin = 2 }

/// <summary>A stored API key: only its public prefix and a hash of the whole key are kept.</summary>
public sealed record ApiKeyRecord(long Id, string Name, string KeyPrefix, string KeyHash, Role Role, IReadOnlyList<long>? BrandIds, DateTimeOffset? RevokedAt);

/// <summary>A dashboard user; the password hash is produced by the web host's password hasher.</summary>
public sealed record UserRecord(long Id, string Name, string PasswordHash, Role Role, IReadOnlyList<long>? BrandIds);

/// <summary>Users and API keys. Hashing is the caller's (the web host's) concern; this only stores.</summary>
public sealed class AuthStore(FusionDatabase db)
{
    public async Task<long> AddApiKeyAsync(string name, string keyPrefix, string keyHash, Role role, IReadOnlyList<long>? brandIds, CancellationToken ct = default)
    {
        StoredText.Require("name", name, keyPrefix);
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into api_keys (name, key_prefix, key_hash, role, brand_ids, created_at) values (@name, @keyPrefix, @keyHash, @role, @brands, @now) returning id",
            new { name, keyPrefix, keyHash, role = RoleName(role), brands = brandIds is null ? null : Json.Write(brandIds), now = DateTimeOffset.UtcNow },
            cancellationToken: ct));
    }

    /// <summary>Finds a key by the hash of its whole value (keys are long random strings, so a plain digest is enough).</summary>
    public async Task<ApiKeyRecord?> FindApiKeyByHashAsync(string keyHash, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            "select id, name, key_prefix, key_hash, role, brand_ids, revoked_at from api_keys where key_hash = @keyHash",
            new { keyHash }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ApiKeysAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<KeyRow>(new CommandDefinition(
            "select id, name, key_prefix, key_hash, role, brand_ids, revoked_at from api_keys order by id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> RevokeApiKeyAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "update api_keys set revoked_at = @now where id = @id and revoked_at is null", new { id, now = DateTimeOffset.UtcNow }, cancellationToken: ct)) > 0;
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
            "select id, name, password_hash, role, brand_ids from users where name = @name", new { name }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<UserRecord>> UsersAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var rows = await conn.QueryAsync<UserRow>(new CommandDefinition("select id, name, password_hash, role, brand_ids from users order by id", cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<UserRecord?> UserAsync(long id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            "select id, name, password_hash, role, brand_ids from users where id = @id", new { id }, cancellationToken: ct));
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
        return await conn.ExecuteAsync(new CommandDefinition("delete from users where id = @id", new { id }, cancellationToken: ct)) > 0;
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
        public ApiKeyRecord ToRecord() => new(Id, Name, KeyPrefix, KeyHash, Enum.Parse<Role>(Role, true), BrandIds is null ? null : Json.Read<List<long>>(BrandIds, []), RevokedAt);
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public string Role { get; set; } = "";
        public string? BrandIds { get; set; }
        public UserRecord ToRecord() => new(Id, Name, PasswordHash, Enum.Parse<Role>(Role, true), BrandIds is null ? null : Json.Read<List<long>>(BrandIds, []));
    }
}
