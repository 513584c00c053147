using System.Collections.Concurrent;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Health;

/// <summary>
/// Which FHIR relay endpoints have their circuit breaker open, as the relay last saw it, and what the delivery
/// worker may lease for each recipient: nothing while its endpoint's circuit is open or its probe is in flight, a
/// single delivery (the probe) once it may close. The breaker keeps one circuit per endpoint authority (scheme, host,
/// port), so recipients whose endpoints share one (two tenants of one platform) rest and probe together. A circuit
/// stays listed until a send gets through.
/// </summary>
public sealed class RelayCircuits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _restingUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _probeTurns = new(StringComparer.Ordinal);

    /// <summary>The breaker's key for an endpoint: its authority.</summary>
    public static string CircuitOf(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Authority);

    /// <summary>The circuit opened, or a send was turned away by it: nothing is leased for about that long.</summary>
    public void Opened(Uri endpoint, TimeSpan forAbout) => _restingUntil[CircuitOf(endpoint)] = time.GetUtcNow() + forAbout;

    /// <summary>A probe is in flight; it ends (circuit closed or opened again) within <paramref name="atMost"/>.
    /// Bounded, so a probe whose outcome is never reported (cancelled at shutdown) does not hold the endpoint forever.</summary>
    public void Probing(Uri endpoint, TimeSpan atMost) => _restingUntil[CircuitOf(endpoint)] = time.GetUtcNow() + atMost;

    /// <summary>A send got through: the endpoint's recipients are no longer held back.</summary>
    public void Closed(Uri endpoint) => _restingUntil.TryRemove(CircuitOf(endpoint), out _);

    /// <summary>Recipients of <paramref name="configured"/> whose endpoint's circuit is open or probing now: none of
    /// their deliveries is leased.</summary>
    public IReadOnlyList<string> Open(IReadOnlyDictionary<string, RecipientOptions> configured)
        => Listed(configured).Where(c => c.Resting).SelectMany(c => c.Recipients).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What holds the worker back, read at one instant so that a recipient whose endpoint's break runs out is in
    /// exactly one of the two: <c>Resting</c> (open or probing: nothing leased) or <c>ProbeDue</c> (the break has run
    /// out without a send getting through since). Each probe-due endpoint is one group of its recipients, the one
    /// whose turn it is to send the probe first: the worker leases a single delivery per group, rather than a round
    /// that the half-open circuit would turn away but for one. The turn moves on at each call, so a recipient with
    /// nothing queued does not keep the others' probe waiting.
    /// </summary>
    public (IReadOnlySet<string> Resting, IReadOnlyList<IReadOnlyList<string>> ProbeDue) Held(IReadOnlyDictionary<string, RecipientOptions> configured)
    {
        var resting = new HashSet<string>(StringComparer.Ordinal);
        var probeDue = new List<IReadOnlyList<string>>();
        foreach (var (recipients, isResting) in Listed(configured))
        {
            if (isResting)
            {
                resting.UnionWith(recipients);
                continue;
            }

            var members = recipients.Order(StringComparer.Ordinal).ToList();
            var turn = _probeTurns.AddOrUpdate(recipients.Key, 0, (_, t) => (t + 1) % members.Count) % members.Count;
            probeDue.Add([.. members.Skip(turn), .. members.Take(turn)]);
        }

        return (resting, probeDue);
    }

    // The listed circuits, each with its configured recipients (keyed by the circuit), read at one instant:
    // resting (open or probing) or probe due.
    private List<(IGrouping<string, string> Recipients, bool Resting)> Listed(IReadOnlyDictionary<string, RecipientOptions> configured)
    {
        var now = time.GetUtcNow();
        var listed = _restingUntil.ToArray().ToDictionary(kv => kv.Key, kv => kv.Value > now, StringComparer.Ordinal);
        return listed.Count == 0
            ? []
            : configured
                .Where(r => r.Value.Channel == RecipientChannel.FhirRest && r.Value.Endpoint is not null)
                .GroupBy(r => CircuitOf(r.Value.Endpoint!), r => r.Key, StringComparer.Ordinal)
                .Where(g => listed.ContainsKey(g.Key))
                .Select(g => (g, listed[g.Key]))
                .ToList();
    }
}
