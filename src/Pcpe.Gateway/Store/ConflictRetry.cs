namespace Pcpe.Gateway.Store;

/// <summary>
/// Runs a transaction again when the database aborted it only because it met a concurrent one (on PostgreSQL a
/// deadlock between row locks taken in different orders, say an erasure and a group of completions): the other
/// transaction has gone on, so a later run finds the rows free. The caller sees the error only if it persists.
/// </summary>
internal static class ConflictRetry
{
    /// <summary>Runs in all, the first included.</summary>
    public const int MaxRuns = 4;

    public static async Task<T> RunAsync<T>(Func<Task<T>> transaction, Func<Exception, bool> isConflict, CancellationToken cancellationToken)
    {
        for (var run = 1; ; run++)
        {
            try
            {
                return await transaction();
            }
            catch (Exception ex) when (run < MaxRuns && isConflict(ex))
            {
                // Apart, so that two transactions that met do not meet again at once.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50) * run), cancellationToken);
            }
        }
    }
}
