using System.Collections.Concurrent;
using System.Data.Common;

namespace Pcpe.Gateway.Store;

/// <summary>
/// Group commit: writes queued while another batch commits are run together in one transaction, so one
/// commit (one fsync) serves many callers. Each caller's task completes only after the commit that holds
/// its work. When any work of a batch fails, nothing of the batch is kept and each work runs again in a
/// transaction of its own: the failure reaches only its caller. Writes that need no grouping (PostgreSQL's
/// concurrent writers) run alone through <see cref="RunAloneAsync{T}"/>, with the same conflict handling.
/// </summary>
/// <remarks>Hand-written: Dapper and the ADO.NET providers have no batching of independent transactions.</remarks>
/// <param name="open">Opens a connection to the store.</param>
/// <param name="ended">Told when a transaction ends (committed or not), to forget state kept for it.</param>
/// <param name="isConflict">Whether a failure came only from meeting a concurrent transaction (see <see cref="ConflictRetry"/>).</param>
/// <param name="maxBatch">The most writes one transaction takes.</param>
internal sealed class GroupCommit(Func<CancellationToken, ValueTask<DbConnection>> open, Action<DbTransaction> ended, Func<Exception, bool> isConflict, int maxBatch) : IDisposable
{
    private readonly ConflictRetry _conflicts = new(isConflict);
    private readonly ConcurrentQueue<Work> _queue = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new Work<T>(work, cancellationToken);
        _queue.Enqueue(item);
        // A caller that gives up waiting leaves its work queued; whoever drains it next skips it.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // The batch of the caller before us may already have committed our work.
            while (!item.Task.IsCompleted)
            {
                await CommitNextBatchAsync();
            }
        }
        finally
        {
            _gate.Release();
        }

        return await item.Task;
    }

    private async Task CommitNextBatchAsync()
    {
        var batch = new List<Work>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var next))
        {
            if (!next.CancelIfAbandoned())
            {
                batch.Add(next);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await RunInOneTransactionAsync(batch);
            batch.ForEach(w => w.Publish());
        }
        catch (Exception ex) when (batch.Count > 1 || isConflict(ex))
        {
            // Nothing of the batch was committed. Each runs alone, so one bad write fails only its caller (and
            // a conflict with a concurrent transaction, gone by then, fails none).
            foreach (var work in batch)
            {
                try
                {
                    await RunAloneAsync(work.RunAsync, CancellationToken.None);
                    work.Publish();
                }
                catch (Exception failure)
                {
                    work.Fail(failure);
                }
            }
        }
        catch (Exception ex)
        {
            batch[0].Fail(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own, never grouped (PostgreSQL's concurrent
    /// writers); one the database aborts on meeting a concurrent transaction is run again.</summary>
    public Task<T> RunAloneAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
        => _conflicts.RunAsync(() => RunInTransactionAsync(work, cancellationToken), cancellationToken);

    private Task RunAloneAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
        => RunAloneAsync(async (connection, transaction) =>
        {
            await work(connection, transaction);
            return true;
        }, cancellationToken);

    // Not the callers' tokens: one caller giving up must not undo the others' writes.
    private Task RunInOneTransactionAsync(List<Work> batch)
        => RunInTransactionAsync(async (connection, transaction) =>
        {
            foreach (var work in batch)
            {
                await work.RunAsync(connection, transaction);
            }

            return true;
        }, CancellationToken.None);

    private async Task<T> RunInTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            ended(transaction);
        }
    }

    public void Dispose() => _gate.Dispose();

    private abstract class Work
    {
        public abstract Task RunAsync(DbConnection connection, DbTransaction transaction);

        /// <summary>Hands the caller the result kept by the last run, once its transaction committed.</summary>
        public abstract void Publish();

        public abstract void Fail(Exception exception);

        /// <summary>True (and the caller's task cancelled) when the caller stopped waiting before it ran.</summary>
        public abstract bool CancelIfAbandoned();
    }

    private sealed class Work<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) : Work
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public override async Task RunAsync(DbConnection connection, DbTransaction transaction) => _result = await work(connection, transaction);

        public override void Publish() => _completion.TrySetResult(_result!);

        public override void Fail(Exception exception) => _completion.TrySetException(exception);

        public override bool CancelIfAbandoned() => cancellationToken.IsCancellationRequested && _completion.TrySetCanceled(cancellationToken);
    }
}
