using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pcpe.Testing;

/// <summary>
/// A real FHIR R4 engine receiving relays: @medplum/fhir-router in memory (tests/engines/medplum, installed by
/// scripts/test), as a process on loopback. It says what it holds: resources per type, and every business
/// identifier held by more than one resource of a type.
/// </summary>
public sealed class FhirEngine : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private FhirEngine(Process process, Uri fhirBase)
    {
        _process = process;
        FhirBase = fhirBase;
        _http = new HttpClient { BaseAddress = new Uri(fhirBase, "/") };
    }

    /// <summary>Its FHIR base, e.g. http://127.0.0.1:40123/fhir.</summary>
    public Uri FhirBase { get; }

    public static async Task<FhirEngine> StartAsync()
    {
        var folder = TestEnvironment.Get("PCPE_TEST_MEDPLUM_DIR");
        var start = new ProcessStartInfo(Path.Combine(folder, "node_modules", ".bin", "node"), ["server.mjs"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PORT"] = "0" },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("the FHIR engine did not start");
        _ = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // "medplum engine listening on http://127.0.0.1:<port>/fhir (…)"
        var first = await process.StandardOutput.ReadLineAsync(patience.Token) ?? throw new InvalidOperationException("the FHIR engine exited before listening");
        _ = process.StandardOutput.ReadToEndAsync();
        var url = first.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal));
        return new FhirEngine(process, new Uri(url));
    }

    /// <summary>How many resources of each type the engine holds.</summary>
    public async Task<Dictionary<string, int>> CountsAsync()
        => (await StatsAsync()).GetProperty("counts").Deserialize<Dictionary<string, int>>()!;

    /// <summary>"Type system|value" of every identifier that more than one resource of its type holds.</summary>
    public async Task<List<string>> DuplicatesAsync()
        => [.. (await StatsAsync()).GetProperty("duplicates").EnumerateArray()
            .Select(d => $"{d.GetProperty("resourceType").GetString()} {d.GetProperty("system").GetString()}|{d.GetProperty("value").GetString()}")];

    /// <summary>How many transaction entries the engine received of each form: "POST Type", "PUT Type/id", "PUT Type?search".</summary>
    public async Task<Dictionary<string, int>> EntryRequestsAsync()
        => (await StatsAsync()).GetProperty("requests").Deserialize<Dictionary<string, int>>()!;

    /// <summary>The resources of a type, as the engine serves them.</summary>
    public async Task<List<JsonElement>> SearchAsync(string resourceType)
        => [.. (await _http.GetFromJsonAsync<JsonElement>($"/fhir/{resourceType}")).GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"))];

    private async Task<JsonElement> StatsAsync() => await _http.GetFromJsonAsync<JsonElement>("/admin/stats");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
