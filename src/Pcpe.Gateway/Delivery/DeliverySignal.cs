namespace Pcpe.Gateway.Delivery;

/// <summary>Wakes the delivery workers when new deliveries are committed, so they need not poll fast.</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // Already signalled: one wake-up is enough. Checked first because under load nearly every commit
        // finds the signal set, and an exception per push would cost more than the rest of the signalling.
        if (_semaphore.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another commit signalled in between.
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _semaphore.Dispose();
}
