namespace Pcpe.Gateway.Domain;

/// <summary>How often and how long a delivery that failed for a transient reason is tried again.</summary>
/// <param name="MaxAttempts">Attempts since the last replay before it is dead-lettered.</param>
/// <param name="BaseDelaySeconds">The wait after the first failure; it doubles with each attempt.</param>
/// <param name="MaxDelaySeconds">The longest wait, whatever the jitter draws (a Retry-After may ask for more).</param>
public sealed record RetryPolicy(int MaxAttempts, double BaseDelaySeconds, double MaxDelaySeconds);
