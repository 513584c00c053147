namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Sends in flight in this instance, per recipient. Each recipient gets at most its own limit, so a slow
/// or hanging endpoint holds only its own slots while the others keep flowing. Limits are per instance:
/// two instances may each send a recipient its limit at once.
/// </summary>
public sealed class RecipientSendSlots
{
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _total;

    /// <summary>Sends in flight, all recipients together.</summary>
    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Takes a slot of the recipient if fewer than <paramref name="limit"/> are taken.</summary>
    public bool TryTake(string recipientId, int limit)
    {
        lock (_lock)
        {
            var taken = _inFlight.GetValueOrDefault(recipientId);
            if (taken >= limit)
            {
                return false;
            }

            _inFlight[recipientId] = taken + 1;
            _total++;
            return true;
        }
    }

    public void Give(string recipientId)
    {
        lock (_lock)
        {
            var taken = _inFlight[recipientId] - 1;
            if (taken == 0)
            {
                _inFlight.Remove(recipientId);
            }
            else
            {
                _inFlight[recipientId] = taken;
            }

            _total--;
        }
    }

    /// <summary>The slots still free of each of <paramref name="recipients"/> and of each recipient with
    /// sends in flight (0 when all are taken): a lease round takes no more of one than it can start now.</summary>
    public IReadOnlyDictionary<string, int> Free(IEnumerable<string> recipients, Func<string, int> limitOf)
    {
        lock (_lock)
        {
            return recipients.Union(_inFlight.Keys, StringComparer.Ordinal)
                .ToDictionary(r => r, r => Math.Max(0, limitOf(r) - _inFlight.GetValueOrDefault(r)), StringComparer.Ordinal);
        }
    }

    /// <summary>Sends in flight per recipient, for the metrics.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Snapshot()
    {
        lock (_lock)
        {
            return [.. _inFlight];
        }
    }
}
