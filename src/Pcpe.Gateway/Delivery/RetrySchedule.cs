using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Delivery;

/// <summary>Exponential backoff with ±50 % jitter, never sooner than the receiver's Retry-After.</summary>
public static class RetrySchedule
{
    public static TimeSpan Delay(int attempt, TimeSpan? retryAfter, DeliveryOptions options, Random random)
    {
        var exponential = options.BaseRetryDelaySeconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var jittered = Math.Min(options.MaxRetryDelaySeconds, exponential) * (0.5 + random.NextDouble());
        var delay = TimeSpan.FromSeconds(jittered);
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }
}
