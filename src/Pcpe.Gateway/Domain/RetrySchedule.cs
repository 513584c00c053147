namespace Pcpe.Gateway.Domain;

/// <summary>
/// Exponential backoff with ±50 % jitter, never longer than <see cref="RetryPolicy.MaxDelaySeconds"/>
/// and never sooner than the receiver's Retry-After (which may exceed that maximum: the receiver said so).
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, RetryPolicy policy, Random random)
    {
        // Capped before the jitter too, so that retries past the cap still spread over half the maximum to all of it.
        var exponential = Math.Min(
            policy.MaxDelaySeconds, policy.BaseDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        var delay = TimeSpan.FromSeconds(Math.Min(policy.MaxDelaySeconds, exponential * (0.5 + random.NextDouble())));
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }
}
