using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Pcpe.Fhir;
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

    // Pages followed for one search: a structure with more professionals than this lists only that many.
    private const int MaxPages = 20;

    // After a failure the directory is left alone this long (cached answers serve, others fail at once): each look-up
    // would otherwise wait for its timeout.
    private static readonly TimeSpan QuietAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (DateTimeOffset At, DirectoryLookup Answer)> _cache = new(StringComparer.Ordinal);
    private readonly Lock _healthLock = new();
    private DirectoryHealth _health = new(null, null, null);

    public bool Enabled => options.Value.Enabled;

    /// <summary>The last success and failure, for /health/ready.</summary>
    public DirectoryHealth Health
    {
        get
        {
            lock (_healthLock)
            {
                return _health with { Cached = _cache.Count };
            }
        }
    }

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
        var known = _cache.TryGetValue(key, out var cached);
        if (known && now - cached.At < fresh)
        {
            return cached.Answer;
        }

        var usable = known && now - cached.At < fresh + TimeSpan.FromDays(settings.StaleDays);
        var health = Health;
        if (health.Down && now - health.LastFailure < QuietAfterFailure)
        {
            return usable ? cached.Answer : throw Unavailable(health.LastError, key, null);
        }

        try
        {
            var answer = DirectoryLookup.Of(await AskAsync(settings, query, cancellationToken));
            _cache[key] = (now, answer);
            Record(h => h with { LastSuccess = now });
            return answer;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException or FormatException)
        {
            var error = ex is HttpRequestException { StatusCode: { } status } ? $"HTTP {(int)status}" : ex.GetType().Name;
            Record(h => h with { LastFailure = now, LastError = error });
            return usable ? cached.Answer : throw Unavailable(error, key, ex);
        }
    }

    private static DirectoryUnavailableException Unavailable(string? error, string key, Exception? inner)
        => new($"the national directory cannot be reached ({error}) and holds no recent answer for this {key.Split(':')[0].ToUpperInvariant()}", inner);

    private void Record(Func<DirectoryHealth, DirectoryHealth> change)
    {
        lock (_healthLock)
        {
            _health = change(_health);
        }
    }

    // One search, its pages followed (the directory pages by 50, and a structure's professionals may be many).
    private async Task<Bundle> AskAsync(DirectoryOptions settings, string query, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.BaseUrl!.ToString().TrimEnd('/') + "/" + query);
        var all = new Bundle { Type = Bundle.BundleType.Searchset };
        for (var page = 0; page < MaxPages && url is not null; page++)
        {
            var answer = await PageAsync(settings, url, cancellationToken);
            all.Entry.AddRange(answer.Entry);
            url = answer.Link.FirstOrDefault(l => l.Relation == "next")?.Url is { } next && Uri.TryCreate(next, UriKind.Absolute, out var nextUrl) ? nextUrl : null;
        }

        return all;
    }

    private async Task<Bundle> PageAsync(DirectoryOptions settings, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
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
                resilience.CircuitBreaker.MinimumThroughput = 10;
                resilience.Retry.MaxRetryAttempts = 2;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
            });
    }
}
