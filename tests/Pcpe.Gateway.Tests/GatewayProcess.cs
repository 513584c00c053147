using System.Diagnostics;

namespace Pcpe.Gateway.Tests;

/// <summary>The gateway as a real operating-system process (dotnet Pcpe.Gateway.dll), configured by
/// environment variables like a deployment, which a test can kill with SIGKILL and start again.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _log;
    private Process? _process;

    public GatewayProcess(int port, Dictionary<string, string> environment, string log)
    {
        Port = port;
        _log = log;
        _environment = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Starts { get; private set; }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("the gateway process did not start");
        Starts++;
        var log = File.AppendText(_log);
        _process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        _process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); log.Flush(); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the gateway did not become live; see {_log}");
    }

    /// <summary>SIGKILL: no shutdown hook runs, leases are not released, nothing is flushed.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: false);
        _process?.WaitForExit();
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();
}
