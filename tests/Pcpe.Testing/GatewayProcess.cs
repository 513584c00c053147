using System.Diagnostics;

namespace Pcpe.Testing;

/// <summary>The gateway as a real operating-system process (dotnet Pcpe.Gateway.dll), configured by
/// environment variables like a deployment, which a test can stop with SIGTERM or kill with SIGKILL and start again.</summary>
public sealed class GatewayProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _log;
    private readonly string _gatewayDll;
    private readonly string? _controlGroupProcs;
    private Process? _process;

    /// <param name="port">Loopback port to listen on.</param>
    /// <param name="environment">Configuration as environment variables (Gateway__Store__Provider…).</param>
    /// <param name="log">File that receives the process's output.</param>
    /// <param name="gatewayDll">Path of Pcpe.Gateway.dll; by default the one beside the caller.</param>
    /// <param name="controlGroupProcs">A control group's <c>cgroup.procs</c> the process joins before the runtime starts
    /// (which then sizes itself to the group's CPU quota); none by default.</param>
    public GatewayProcess(int port, Dictionary<string, string> environment, string log, string? gatewayDll = null, string? controlGroupProcs = null)
    {
        Port = port;
        _controlGroupProcs = controlGroupProcs;
        _gatewayDll = gatewayDll ?? Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll");
        _log = log;
        _environment = new Dictionary<string, string>(environment)
        {
            // As deployed, except that the options the validator refuses in Production (anonymous callers, test
            // identities) are allowed. Not Development: its scope validation and exception page are debugging aids
            // that cost every request something, and a load figure taken with them is not one of a deployment.
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            // As the container image runs it (Dockerfile): the load figures are those of the shipped settings.
            ["DOTNET_GCgen0size"] = "0x2000000",
        };
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Starts { get; private set; }

    /// <summary>The running process's id.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not running");

    /// <summary>Resident memory of the running process, from /proc (Linux).</summary>
    public long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{_process?.Id ?? throw new InvalidOperationException("not running")}/status");
        var kilobytes = status.First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo
        {
            WorkingDirectory = Path.GetDirectoryName(_gatewayDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (_controlGroupProcs is { } procs)
        {
            // The shell joins the control group, then becomes dotnet (same process id).
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"echo $$ > '{procs}' && exec dotnet \"$0\"");
        }
        else
        {
            start.FileName = "dotnet";
        }

        start.ArgumentList.Add(_gatewayDll);
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

    /// <summary>
    /// Runs the gateway with <paramref name="environment"/> (which may set ASPNETCORE_ENVIRONMENT) until it
    /// exits by itself, as it does on a configuration it refuses: its exit code and everything it printed.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(Dictionary<string, string> environment, TimeSpan timeout)
    {
        var gatewayDll = Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll");
        var start = new ProcessStartInfo("dotnet", [gatewayDll])
        {
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("the gateway process did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"the gateway was still running after {timeout}");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>SIGTERM, as <c>docker stop</c> or systemd sends it: waits for the process to end by itself
    /// and returns its exit code; a process still running after <paramref name="timeout"/> is killed and
    /// the call throws.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("not running");
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"the gateway did not stop within {timeout} of SIGTERM; see {_log}");
        }

        var exitCode = process.ExitCode;
        process.Dispose();
        _process = null;
        return exitCode;
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

    /// <summary>A loopback port free at the time of the call.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
