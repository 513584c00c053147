using Polly;
using Polly.Retry;

namespace Pcpe.Gateway.Store;

/// <summary>
/// Runs a transaction again when the database aborted it only because it met a concurrent one (on PostgreSQL a
/// deadlock between row locks taken in different orders, say an erasure and a group of completions): the other
/// transaction has gone on, so a later run finds the rows free. The caller sees the error only if it persists.
/// </summary>
internal sealed class ConflictRetry(Func<Exception, bool> isConflict)
{
    /// <summary>Runs in all, the first included.</summary>
    public const int MaxRuns = 4;

    // Apart, with jitter, so that two transactions that met do not meet again at once.
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && isConflict(ex)),
            MaxRetryAttempts = MaxRuns - 1,
            BackoffType = DelayBackoffType.Linear,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(25),
        })
        .Build();

    public async Task<T> RunAsync<T>(Func<Task<T>> transaction, CancellationToken cancellationToken)
        => await _pipeline.ExecuteAsync(async _ => await transaction(), cancellationToken);
}
