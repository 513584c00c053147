using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Health;
using Pcpe.Gateway.Store;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Relays a transaction Bundle to a FHIR server (e-parcours platform, DUI). Entries are conditional
/// updates on business identifiers, so a retry after an unknown outcome changes nothing at the receiver; a
/// receiver that assigns the ids itself gets the <see cref="CreateOnlyRelay"/> form instead.
/// The HttpClient carries the resilience pipeline (timeouts, short retries honouring Retry-After,
/// a circuit breaker per endpoint); longer retries are scheduled durably by the worker.
/// </summary>
public sealed class FhirRestChannel(
    IHttpClientFactory httpClients,
    RelayCircuits circuits,
    CreateOnlyRelay createOnly,
    Microsoft.Extensions.Options.IOptions<DeliveryOptions> options) : IDeliveryChannel
{
    public const string HttpClientName = "fhir-relay";

    public RecipientChannel Channel => RecipientChannel.FhirRest;

    public async Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        var prepared = recipient.Relay == FhirRelayMode.CreateOnly
            ? await createOnly.PrepareAsync(delivery, recipientId, recipient.Endpoint!, cancellationToken)
            : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, recipient.Endpoint)
        {
            Content = new ByteArrayContent(prepared?.Payload ?? delivery.Payload),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.Add("X-Correlation-Id", delivery.Id.ToString());
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                // The breaker reports its closing from the probe; a circuit listed from a rejection (the send
                // raced the opening) is cleared here.
                circuits.Closed(request.RequestUri!);
                if (prepared is null)
                {
                    return new SendResult.Delivered($"HTTP {status}");
                }

                var kept = await createOnly.KeepAsync(prepared, delivery, recipientId, response.Content, cancellationToken);
                // What it already held was not updated by a create: the next attempt updates it by the id just kept.
                return kept.AlreadyHeld > 0
                    ? new SendResult.Transient($"HTTP {status}: the receiver already held {kept.AlreadyHeld} of the resources sent as creates; they are updated by their ids at the next attempt")
                    : new SendResult.Delivered(kept.Ids == 0 ? $"HTTP {status}; the answer named no ids" : $"HTTP {status}; receiver ids kept: {kept.Ids}");
            }

            if (prepared is not null && prepared.SentAsCreates.Count < prepared.Addresses.Count
                && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                // An id kept from an earlier answer is gone at the receiver: the next attempt creates again.
                await createOnly.ForgetAsync(prepared, recipientId, cancellationToken);
                return new SendResult.Transient($"HTTP {status}: the receiver no longer holds a resource it was sent; it is created again at the next attempt");
            }

            var retryAfter = RetryAfter(response);
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict => new SendResult.Transient($"HTTP {status}", retryAfter),
                >= HttpStatusCode.InternalServerError => new SendResult.Transient($"HTTP {status}", retryAfter),
                _ => new SendResult.Permanent($"HTTP {status}: the receiver refused the bundle"),
            };
        }
        catch (BrokenCircuitException ex)
        {
            // This send raced the opening, or a probe: the worker leases none of the endpoint's deliveries until
            // the circuit may close. A rejection with no time left means another send is probing: none is leased
            // until that probe ends.
            if (ex.RetryAfter is { } wait && wait > TimeSpan.Zero)
            {
                circuits.Opened(request.RequestUri!, wait);
            }
            else
            {
                circuits.Probing(request.RequestUri!, ProbeBound(options.Value));
            }

            return new SendResult.Transient("circuit open: the endpoint failed repeatedly", ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : null);
        }
        catch (TimeoutRejectedException)
        {
            return new SendResult.Transient("timeout");
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"connection failed: {ex.HttpRequestError}");
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            // A connection reset while the request is written can surface unwrapped.
            return new SendResult.Transient($"connection failed: {ex.SocketErrorCode}");
        }
        catch (IOException)
        {
            return new SendResult.Transient("connection failed: the connection was closed");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient("timeout");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    // A probe is one request, which cannot outlast the request's total timeout.
    private static TimeSpan ProbeBound(DeliveryOptions options) => TimeSpan.FromSeconds(options.HttpTimeoutSeconds);

    /// <summary>Registers the named HttpClient with its resilience pipeline, one circuit per endpoint authority.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient(HttpClientName)
            .AddStandardResilienceHandler()
            .Configure((resilience, provider) =>
            {
                var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value;
                var circuits = provider.GetRequiredService<RelayCircuits>();
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(options.HttpTimeoutSeconds);
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(1, options.HttpTimeoutSeconds / 3.0));
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(Math.Max(options.HttpTimeoutSeconds / 3.0 * 2, 30));
                resilience.CircuitBreaker.MinimumThroughput = options.CircuitMinimumThroughput;
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds);
                // The worker learns of an opening at once (not from the next send's rejection) and stops leasing
                // the deliveries of every recipient on that endpoint, so an outage spends none of their attempts;
                // the probe that closes the circuit lets them flow again.
                resilience.CircuitBreaker.OnOpened = args =>
                {
                    if (EndpointOf(args.Context) is { } endpoint)
                    {
                        circuits.Opened(endpoint, args.BreakDuration);
                    }

                    return ValueTask.CompletedTask;
                };
                // The send that half-opens the circuit is its probe; others are turned away until it ends, so none
                // is leased meanwhile (each would spend an attempt). It ends within the request's total timeout.
                resilience.CircuitBreaker.OnHalfOpened = args =>
                {
                    if (EndpointOf(args.Context) is { } endpoint)
                    {
                        circuits.Probing(endpoint, ProbeBound(options));
                    }

                    return ValueTask.CompletedTask;
                };
                resilience.CircuitBreaker.OnClosed = args =>
                {
                    if (EndpointOf(args.Context) is { } endpoint)
                    {
                        circuits.Closed(endpoint);
                    }

                    return ValueTask.CompletedTask;
                };
                resilience.Retry.MaxRetryAttempts = 2;
                // Quick in-request retries are for blips (network errors, timeouts, 5xx). A receiver that
                // says when to come back (429, or Retry-After on a 5xx) is answered by the durable
                // schedule, which honours that delay instead of burning the request's time budget.
                resilience.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => (int)response.StatusCode >= 500 && response.Headers.RetryAfter is null,
                    _ => false,
                });
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.Retry.MaxDelay = TimeSpan.FromSeconds(5);
            })
            .SelectPipelineByAuthority();
    }

    private static Uri? EndpointOf(ResilienceContext context) => context.GetRequestMessage()?.RequestUri;
}
