using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Tests;

/// <summary>What one attempt's answer makes of a delivery, and which states count as waiting, open or final.</summary>
public class DeliveryLifecycleTests
{
    private static readonly RetryPolicy Retries = new(MaxAttempts: 3, BaseDelaySeconds: 10, MaxDelaySeconds: 3600);
    private static readonly DateTimeOffset Started = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Finished = Started.AddSeconds(2);

    /// <summary>The middle of the jitter: the delay is exactly the exponential one.</summary>
    private sealed class MiddleDraw : Random
    {
        public override double NextDouble() => 0.5;
    }

    private static AttemptOutcome Conclude(SendResult result, int attemptsSinceReplay)
        => DeliveryLifecycle.Conclude(result, attemptsSinceReplay, Retries, Started, Finished, new MiddleDraw());

    [Fact]
    public void An_accepted_send_is_delivered_with_no_error_and_no_next_attempt()
    {
        var outcome = Conclude(new SendResult.Delivered("250 2.0.0 queued"), 1);
        Assert.Equal(new AttemptOutcome(DeliveryStatus.Delivered, null, null, Started, Finished), outcome);
    }

    [Fact]
    public void A_transient_failure_within_the_budget_is_retried_after_the_backoff_from_when_it_ended()
    {
        var outcome = Conclude(new SendResult.Transient("HTTP 503"), 2);
        Assert.Equal(DeliveryStatus.RetryScheduled, outcome.Status);
        Assert.Equal("HTTP 503", outcome.Error);
        // Second attempt: 10 s doubled once.
        Assert.Equal(Finished.AddSeconds(20), outcome.NextAttemptAt);
    }

    [Fact]
    public void A_receivers_retry_after_longer_than_the_backoff_is_kept()
    {
        var outcome = Conclude(new SendResult.Transient("HTTP 429", TimeSpan.FromMinutes(10)), 1);
        Assert.Equal(Finished.AddMinutes(10), outcome.NextAttemptAt);
    }

    [Fact]
    public void A_transient_failure_at_the_last_attempt_is_dead_lettered_with_its_last_error()
    {
        var outcome = Conclude(new SendResult.Transient("HTTP 503"), 3);
        Assert.Equal(DeliveryStatus.DeadLettered, outcome.Status);
        Assert.Equal("retries exhausted; last: HTTP 503", outcome.Error);
        Assert.Null(outcome.NextAttemptAt);
    }

    [Fact]
    public void A_permanent_failure_is_dead_lettered_at_once()
    {
        var outcome = Conclude(new SendResult.Permanent("HTTP 422"), 1);
        Assert.Equal(new AttemptOutcome(DeliveryStatus.DeadLettered, "HTTP 422", null, Started, Finished), outcome);
    }

    [Fact]
    public void A_channels_refusal_for_a_reason_of_sharing_blocks_with_that_reason()
    {
        var reason = "the address is not one the directory lists for the destination";
        var outcome = Conclude(new SendResult.Refused(SharingDenial.NoLegalBasis, reason), 1);
        Assert.Equal(new AttemptOutcome(DeliveryStatus.Blocked, reason, null, Started, Finished), outcome);
    }

    [Fact]
    public void Waiting_states_are_open_open_states_are_watched_and_finished_states_are_in_none()
    {
        Assert.Subset(DeliveryLifecycle.Open.ToHashSet(), DeliveryLifecycle.Waiting.ToHashSet());
        Assert.Subset(DeliveryLifecycle.Unfinished.ToHashSet(), DeliveryLifecycle.Open.ToHashSet());
        Assert.DoesNotContain(DeliveryLifecycle.Replayable, DeliveryLifecycle.Open);
        Assert.Contains(DeliveryLifecycle.Replayable, DeliveryLifecycle.Unfinished);
        Assert.DoesNotContain(DeliveryStatus.InFlight, DeliveryLifecycle.Waiting);
        foreach (var final in new[] { DeliveryStatus.Delivered, DeliveryStatus.Blocked })
        {
            Assert.DoesNotContain(final, DeliveryLifecycle.Unfinished);
        }
    }
}
