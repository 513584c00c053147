using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Pcpe.Benchmarks;

/// <summary>A minimal e-parcours stand-in for load runs: answers 200 and notes when each plan arrived.</summary>
internal sealed partial class PlatformStub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public PlatformStub(int port)
    {
        Url = $"http://127.0.0.1:{port}/fhir";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Stopwatch timestamp of the first arrival of each plan (by DUI document id).</summary>
    public ConcurrentDictionary<string, long> Arrivals { get; } = new();

    /// <summary>How many times each plan arrived (by DUI document id): more than once is a duplicate delivery.</summary>
    public ConcurrentDictionary<string, int> Receipts { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                if (DocumentId().Match(body) is { Success: true } match)
                {
                    Arrivals.TryAdd(match.Groups[1].Value, Stopwatch.GetTimestamp());
                    Receipts.AddOrUpdate(match.Groups[1].Value, 1, (_, n) => n + 1);
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/fhir+json";
                var answer = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"u8.ToArray();
                await context.Response.OutputStream.WriteAsync(answer);
                context.Response.Close();
            });
        }
    }

    [GeneratedRegex("PPER-(LOAD-[0-9]+)")]
    private static partial Regex DocumentId();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
