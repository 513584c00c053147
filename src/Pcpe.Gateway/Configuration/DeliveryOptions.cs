using System.ComponentModel.DataAnnotations;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Configuration;

/// <summary>How workers deliver (<c>Gateway:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>First retry delay; doubles each attempt, with ±50 % jitter.</summary>
    [Range(0.01, 3600)]
    public double BaseRetryDelaySeconds { get; set; } = 5;

    [Range(0.01, 86400)]
    public double MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>The retry settings as the delivery lifecycle reads them.</summary>
    public RetryPolicy Retries => new(MaxAttempts, BaseRetryDelaySeconds, MaxRetryDelaySeconds);

    /// <summary>Deliveries leased per round.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Deliveries sent at once by one instance, all recipients together.</summary>
    [Range(1, 256)]
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>
    /// Deliveries sent at once to one recipient by one instance (a recipient's own <c>MaxParallelSends</c>
    /// overrides it): a hanging endpoint holds at most this many sends, the rest go to the others.
    /// </summary>
    [Range(1, 256)]
    public int MaxParallelSendsPerRecipient { get; set; } = 4;

    /// <summary>How long a lease lasts; a dead worker's deliveries are taken over after it. Longer than
    /// any send may take (<see cref="HttpTimeoutSeconds"/>), or a slow send could be taken over and made twice.</summary>
    [Range(5, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How often an idle worker looks for due deliveries (new submissions wake it at once).</summary>
    [Range(10, 60000)]
    public int IdlePollMilliseconds { get; set; } = 1000;

    /// <summary>Whole-request timeout of one FHIR REST send, in seconds.</summary>
    [Range(1, 600)]
    public int HttpTimeoutSeconds { get; set; } = 30;

    /// <summary>How long an endpoint's circuit stays open once it has tripped: no delivery to that recipient is
    /// leased meanwhile, then one send probes it.</summary>
    [Range(1, 3600)]
    public int CircuitBreakSeconds { get; set; } = 30;

    /// <summary>Requests to an endpoint within the sampling window (two thirds of <see cref="HttpTimeoutSeconds"/>,
    /// at least 30 s) before its circuit may trip; it trips when half of them failed. Low, since a medico-social
    /// relay sends far fewer requests than the 100 of the HTTP client's default.</summary>
    [Range(2, 10000)]
    public int CircuitMinimumThroughput { get; set; } = 10;
}
