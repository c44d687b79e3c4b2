using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FusionMonitor.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for the tests: initdb into a temporary folder, started on a free loopback port,
/// stopped and deleted when the test process exits. When <c>FUSION_TEST_POSTGRES</c> holds a connection string,
/// that server is used instead. If neither works the tests fail with a message saying how to fix it — never skip.
/// One server per test process; each test gets its own fresh database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    public const string EnvironmentVariable = "FUSION_TEST_POSTGRES";
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);
    private static int _databases;

    private readonly string _adminConnectionString;
    private readonly string? _dataDir;
    private readonly string? _binDir;

    private PostgresServer(string adminConnectionString, string? dataDir, string? binDir)
    {
        _adminConnectionString = adminConnectionString;
        _dataDir = dataDir;
        _binDir = binDir;
    }

    /// <summary>The server for this test process, started on first use.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>
    /// Creates an empty database with a unique name (a copy of the database of <paramref name="template"/>, a connection
    /// string this server returned, when given: nobody may be connected to it) and returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", string? template = null)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 60)].ToLowerInvariant();
        var from = "";
        if (template is not null)
        {
            using var pooled = new NpgsqlConnection(template);
            NpgsqlConnection.ClearPool(pooled);
            from = $" template \"{new NpgsqlConnectionStringBuilder(template).Database}\"";
        }
        await using var conn = new NpgsqlConnection(_adminConnectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand($"create database \"{name}\"{from}", conn) { CommandTimeout = 600 }) await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made (connections to it are cut).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var conn = new NpgsqlConnection(_adminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            await using var conn = new NpgsqlConnection(external);
            try { await conn.OpenAsync(); }
            catch (Exception e) { throw new InvalidOperationException($"{EnvironmentVariable} is set but its server does not answer: {e.Message}", e); }
            return new PostgresServer(external, null, null);
        }
        RemoveLeftovers();
        var server = Launch(durableCommits: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>
    /// A server of the caller's own, which it may stop and start (fault injection), always started from the
    /// binaries (never <see cref="EnvironmentVariable"/>'s server). Its commits are durable across an immediate stop
    /// (synchronous_commit on), so "what was acknowledged is stored" can be tested. Dispose it when done.
    /// </summary>
    public static PrivatePostgresServer StartPrivate()
    {
        RemoveLeftovers();
        return new PrivatePostgresServer(Launch(durableCommits: true));
    }

    private string? _root;
    private bool _asRoot;
    private string? _options;

    private static PostgresServer Launch(bool durableCommits)
    {
        var bin = FindBinDir() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found (looked for initdb in PG_BIN, /usr/lib/postgresql/*/bin and PATH). " +
            "Install them (Debian: apt-get install postgresql) or set " + EnvironmentVariable + " to a connection string of a server the tests may create databases on.");

        var root = Path.Combine(Path.GetTempPath(), $"fusion-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", ["-R", "postgres:postgres", root], asUser: null);

        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], asRoot ? "postgres" : null);

        var port = FreePort();
        // Tuned for throwaway speed, not durability: nothing here must survive a crash of the machine. A private
        // server keeps synchronous commits, so an acknowledged commit survives the server's own immediate stop.
        var opts = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit={(durableCommits ? "on" : "off")} -c full_page_writes=off -c max_connections=300 -c shared_buffers={(durableCommits ? "64MB" : "256MB")}";
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50", data, bin)
        {
            _root = root,
            _asRoot = asRoot,
            _options = opts,
        };
        server.PgCtlStart();
        return server;
    }

    private void PgCtlStart() =>
        Run(Path.Combine(_binDir!, "pg_ctl"), ["-D", _dataDir!, "-l", Path.Combine(_root!, "server.log"), "-w", "-t", "60", "-o", _options!, "start"], _asRoot ? "postgres" : null);

    private void PgCtlStop(string mode) =>
        Run(Path.Combine(_binDir!, "pg_ctl"), ["-D", _dataDir!, "-m", mode, "-w", "stop"], _asRoot ? "postgres" : null);

    /// <summary>A server the test owns: <see cref="Kill"/> stops it at once (as a crash would), <see cref="Start"/> brings it back on the same port.</summary>
    public sealed class PrivatePostgresServer(PostgresServer server) : IDisposable
    {
        public PostgresServer Server { get; } = server;

        /// <summary>Stops the server immediately: connections are cut, nothing is shut down cleanly, recovery runs on the next start.</summary>
        public void Kill() => Server.PgCtlStop("immediate");

        public void Start() => Server.PgCtlStart();

        public void Dispose() => Server.Stop();
    }

    private void Stop()
    {
        if (_root is null) return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            PgCtlStop("immediate");
        }
        catch (InvalidOperationException)
        {
            // The process is exiting, or the server was already stopped; a server that will not stop is killed with its folder below.
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Deletes the folders of servers whose test process died before it could clean up.</summary>
    private static void RemoveLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "fusion-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsAlive(pid)) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    private static string? FindBinDir()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } env) candidates.Add(env);
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> args, string? asUser)
    {
        var psi = asUser is null ? new ProcessStartInfo(file) : new ProcessStartInfo("runuser", ["-u", asUser, "--", file, .. args]);
        if (asUser is null) foreach (var a in args) psi.ArgumentList.Add(a);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = Path.GetTempPath();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new InvalidOperationException($"{file} did not finish in 120 s"); }
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} failed (exit {p.ExitCode}): {stderr.Result.Trim()} {stdout.Result.Trim()}\n" +
                $"To run the PostgreSQL tests, this machine needs PostgreSQL server binaries (apt-get install postgresql) and, as root, a 'postgres' user; " +
                $"or set {EnvironmentVariable} to a server's connection string.");
    }
}
