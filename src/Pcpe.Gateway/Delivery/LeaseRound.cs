using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Whether the worker should lease now, and how many deliveries at most. A lease is a write (on SQLite it
/// waits behind intake's commits): a round that can start nothing is pure cost, and one per ended send is
/// many writes for little. So a round runs only once enough sends could start, counted per recipient, not
/// only against the instance's total.
/// </summary>
internal static class LeaseRound
{
    /// <summary>
    /// The most a round may take now, or null when no round is worth it. <paramref name="freeSlots"/> holds
    /// each configured recipient's free slots (<paramref name="configured"/>: the directory as configured now)
    /// and those of recipients with sends in flight; <paramref name="resting"/> are recipients whose circuit is
    /// open, to which nothing is sent however many slots they have free.
    /// </summary>
    public static int? Size(
        IReadOnlyDictionary<string, int> freeSlots, IReadOnlyDictionary<string, RecipientOptions> configured, IReadOnlySet<string> resting, Func<string, int> limitOf, int inFlight, DeliveryOptions settings)
    {
        var instanceFree = settings.MaxParallelSends - inFlight;
        if (instanceFree <= 0)
        {
            return null;
        }

        bool HasRoom(string recipientId) => freeSlots.GetValueOrDefault(recipientId) > 0 && !resting.Contains(recipientId);

        // With no recipient configured, what is queued is for recipients removed since: a round dead-letters it.
        var startable = configured.Count == 0 ? instanceFree : Math.Min(instanceFree, configured.Keys.Where(HasRoom).Sum(r => freeSlots[r]));
        // What the recipients with room can have in flight: one that can take no more (a hanging partner, an open
        // circuit) holds its sends in flight for as long as they last, and waiting for half of a capacity that
        // includes them would leave the others' sends stopping and starting in small numbers.
        var heldByOthers = freeSlots.Where(r => !HasRoom(r.Key)).Sum(r => limitOf(r.Key) - r.Value);
        var capacity = configured.Count == 0
            ? settings.MaxParallelSends
            : Math.Min(settings.MaxParallelSends - heldByOthers, configured.Keys.Where(HasRoom).Sum(limitOf));
        // In rounds of half what can be in flight (fewer writes), but at once when nothing is in flight.
        var worth = startable >= Math.Max(1, Math.Min(settings.BatchSize, capacity) / 2) || (startable > 0 && inFlight == 0);
        return worth ? Math.Min(startable, settings.BatchSize) : null;
    }

    /// <summary>
    /// <paramref name="freeSlots"/> with one send, the probe, for each group of <paramref name="probeDue"/> (the
    /// recipients of an endpoint whose circuit's break has run out, the first of them having the turn), none for the
    /// others of the group, and none for any of them while a send of theirs is still in flight: a half-open circuit
    /// lets one request through and turns the others away, each of which would spend an attempt.
    /// </summary>
    public static IReadOnlyDictionary<string, int> ProbeOnly(IReadOnlyDictionary<string, int> freeSlots, IReadOnlyList<IReadOnlyList<string>> probeDue, Func<string, int> limitOf)
    {
        if (probeDue.Count == 0)
        {
            return freeSlots;
        }

        var limited = new Dictionary<string, int>(freeSlots, StringComparer.Ordinal);
        foreach (var group in probeDue)
        {
            var sending = group.Any(r => freeSlots.TryGetValue(r, out var free) && free < limitOf(r));
            foreach (var recipientId in group)
            {
                if (limited.TryGetValue(recipientId, out var free))
                {
                    limited[recipientId] = !sending && recipientId == group[0] ? Math.Min(free, 1) : 0;
                }
            }
        }

        return limited;
    }
}
