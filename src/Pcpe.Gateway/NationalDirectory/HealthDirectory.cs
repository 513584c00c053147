using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Pcpe.Fhir;
using Pcpe.Fhir.NationalDirectory;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.NationalDirectory;

/// <summary>
/// The MSSanté mailboxes of professionals (by RPPS) and structures (by FINESS) in the Annuaire Santé FHIR API,
/// kept for <see cref="DirectoryOptions.CacheMinutes"/>; while the directory cannot be reached, an answer keeps
/// serving for <see cref="DirectoryOptions.StaleDays"/> more, and <see cref="Health"/> says so.
/// </summary>
public sealed class HealthDirectory(IHttpClientFactory clients, IOptions<DirectoryOptions> options, TimeProvider time)
{
    public const string HttpClientName = "annuaire-sante";

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Bundle Answer)> _cache = new(StringComparer.Ordinal);
    private DirectoryHealth _health = new(null, null, null);

    public bool Enabled => options.Value.Enabled;

    /// <summary>The last success and failure, for /health/ready.</summary>
    public DirectoryHealth Health => _health with { Cached = _cache.Count };

    /// <summary>A professional's mailboxes: on the Practitioner and on their roles (situations d'exercice).</summary>
    public Task<DirectoryLookup> PractitionerAsync(string rpps, CancellationToken cancellationToken)
        => LookupAsync($"rpps:{rpps}", $"Practitioner?identifier={Uri.EscapeDataString("https://rpps.esante.gouv.fr|" + rpps)}&_revinclude=PractitionerRole:practitioner", cancellationToken);

    /// <summary>A structure's mailboxes (ORG, APP) and those of the professionals working there (PER, on their roles).</summary>
    public Task<DirectoryLookup> OrganizationAsync(string finess, CancellationToken cancellationToken)
        => LookupAsync($"finess:{finess}", $"Organization?identifier={Uri.EscapeDataString("https://finess.esante.gouv.fr|" + finess)}&_revinclude=PractitionerRole:organization", cancellationToken);

    private async Task<DirectoryLookup> LookupAsync(string key, string query, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var fresh = TimeSpan.FromMinutes(settings.CacheMinutes);
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < fresh)
        {
            return Read(cached.Answer, stale: false);
        }

        try
        {
            var answer = await AskAsync(settings, query, cancellationToken);
            _cache[key] = (now, answer);
            _health = _health with { LastSuccess = now };
            return Read(answer, stale: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException or FormatException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            _health = _health with { LastFailure = now, LastError = ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name };
            if (cached.Answer is not null && now - cached.At < fresh + TimeSpan.FromDays(settings.StaleDays))
            {
                return Read(cached.Answer, stale: true);
            }

            throw new DirectoryUnavailableException($"the national directory cannot be reached ({_health.LastError}) and holds no recent answer for this {key.Split(':')[0].ToUpperInvariant()}", ex);
        }
    }

    private async Task<Bundle> AskAsync(DirectoryOptions settings, string query, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(settings.BaseUrl!.ToString().TrimEnd('/') + "/" + query));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            request.Headers.Add("ESANTE-API-KEY", settings.ApiKey);
        }

        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return FhirJson.Deserialize<Bundle>(body);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new FormatException("the directory's answer is not a FHIR Bundle", ex);
        }
    }

    private static DirectoryLookup Read(Bundle answer, bool stale)
        => new(DirectoryMailboxReader.FoundAnyone(answer), DirectoryMailboxReader.Read(answer), stale);

    /// <summary>Registers the directory's HTTP client: Polly's standard resilience (retries, timeouts, circuit breaker).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<HealthDirectory>();
        services.AddHttpClient(HttpClientName)
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                var timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<DirectoryOptions>>().Value.TimeoutSeconds);
                resilience.TotalRequestTimeout.Timeout = timeout;
                resilience.AttemptTimeout.Timeout = timeout / 3;
                resilience.CircuitBreaker.SamplingDuration = timeout * 2 < TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : timeout * 2;
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
            });
    }
}

/// <summary>How the directory answered lately, and how many answers are cached.</summary>
public sealed record DirectoryHealth(DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastError)
{
    public int Cached { get; init; }
}
