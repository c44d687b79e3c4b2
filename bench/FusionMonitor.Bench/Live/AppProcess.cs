using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using FusionMonitor.TestSupport;

namespace FusionMonitor.Bench.Live;

/// <summary>
/// The real web app as a child process on a loopback port, on a fresh database of the throwaway PostgreSQL server,
/// demo off, with a known admin key. Build it first: <c>dotnet build -c Release src/FusionMonitor.Web</c>.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string Key = "bench-admin-key-0123456789";

    private readonly Process _process;

    private AppProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", Key);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(TestDatabases.RepoRoot(), "src", "FusionMonitor.Web", "bin", "Release", "net10.0", "FusionMonitor.Web.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: run 'dotnet build -c Release src/FusionMonitor.Web' first");
        var cs = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("benchapp");
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        psi.Environment["ConnectionStrings__Postgres"] = cs;
        psi.Environment["Auth__BootstrapApiKey"] = Key;
        psi.Environment["Auth__RequestsPerMinute"] = "10000000";
        psi.Environment["Demo__Enabled"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var app = new AppProcess(p, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await app.Http.GetAsync("/healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            if (p.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("the app did not become ready");
            await Task.Delay(250);
        }
    }

    public async Task<long> PostAsync(string path, object body)
    {
        var r = await Http.PostAsJsonAsync(path, body);
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).TryGetProperty("id", out var id) ? id.GetInt64() : 0;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
