using System.Collections.Concurrent;
using System.Diagnostics;
using FusionMonitor.TestSupport;

namespace FusionMonitor.Web.Tests.Instances;

/// <summary>
/// One app instance as its own operating-system process (<c>dotnet FusionMonitor.Web.dll</c> from the build output, the
/// way a container runs it), on a free loopback port, configured only through environment variables. Being a real
/// process, it can be killed without a graceful shutdown (<see cref="Kill"/>), as a crashed container is.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _workDir;

    private AppProcess(string name, Process process, Uri baseAddress, string workDir)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        _workDir = workDir;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join('\n', _output.TakeLast(80));

    /// <summary>Starts the app with <paramref name="settings"/> (configuration keys, e.g. <c>ConnectionStrings:Postgres</c>) and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan? readyWithin = null)
    {
        var dll = WebDll();
        var port = RedisServer.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var workDir = Path.Combine(Path.GetTempPath(), "fusion-instances", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.Environment["urls"] = baseAddress.ToString().TrimEnd('/');
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__FusionMonitor"] = "Information";
        foreach (var (key, value) in settings) psi.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + dll);
        var app = new AppProcess(name, process, baseAddress, workDir);
        process.OutputDataReceived += (_, e) => app.Record(e.Data);
        process.ErrorDataReceived += (_, e) => app.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Kill();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (readyWithin ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"instance {name} exited with {process.ExitCode} before it was ready:\n{app.RecentOutput}");
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
            {
                app.Kill();
                throw new TimeoutException($"instance {name} was not ready in time:\n{app.RecentOutput}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>An HTTP client for this instance, authenticated by <paramref name="apiKey"/> when given.</summary>
    public HttpClient Client(string? apiKey)
    {
        var c = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null) c.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return c;
    }

    /// <summary>Ends the process at once (SIGKILL): no shutdown hooks, no released locks, as in a crash.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    private void Record(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
    }

    /// <summary>The web host's build output in this test run's configuration (the tests build it as a reference).</summary>
    private static string WebDll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/
        var dll = Path.Combine(TestDatabases.RepoRoot(), "src", "FusionMonitor.Web", "bin", configuration, "net10.0", "FusionMonitor.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"the web host is not built at {dll}; build the solution first");
    }
}
