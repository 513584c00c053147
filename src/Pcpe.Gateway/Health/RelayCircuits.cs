using System.Collections.Concurrent;

namespace Pcpe.Gateway.Health;

/// <summary>
/// Which FHIR relay endpoints have their circuit breaker open, as the relay last saw it, and what the delivery
/// worker may lease for each: nothing while a circuit is open or its probe is in flight, a single delivery (the
/// probe) once it may close. A circuit stays listed until a send gets through.
/// </summary>
public sealed class RelayCircuits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _restingUntil = new(StringComparer.Ordinal);

    /// <summary>The circuit opened, or a send was turned away by it: nothing is leased for about that long.</summary>
    public void Opened(string recipientId, TimeSpan forAbout) => _restingUntil[recipientId] = time.GetUtcNow() + forAbout;

    /// <summary>A probe is in flight; it ends (circuit closed or opened again) within <paramref name="atMost"/>.
    /// Bounded, so a probe whose outcome is never reported (cancelled at shutdown) does not hold the recipient forever.</summary>
    public void Probing(string recipientId, TimeSpan atMost) => _restingUntil[recipientId] = time.GetUtcNow() + atMost;

    /// <summary>A send got through: its recipient is no longer held back.</summary>
    public void Closed(string recipientId) => _restingUntil.TryRemove(recipientId, out _);

    /// <summary>Recipients whose circuit is open or probing now: none of their deliveries is leased.</summary>
    public IReadOnlyList<string> Open() => Held().Resting.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What holds the worker back, read at one instant so that a recipient whose break runs out is in exactly one
    /// of the two: <c>Resting</c> (open or probing: nothing leased) or <c>ProbeDue</c> (its break has run out
    /// without a send getting through since: one delivery at a time is leased, the probe, rather than a round that
    /// the half-open circuit would turn away but for one).
    /// </summary>
    public (IReadOnlySet<string> Resting, IReadOnlySet<string> ProbeDue) Held()
    {
        var now = time.GetUtcNow();
        var entries = _restingUntil.ToArray();
        return (
            entries.Where(kv => kv.Value > now).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal),
            entries.Where(kv => kv.Value <= now).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal));
    }
}
