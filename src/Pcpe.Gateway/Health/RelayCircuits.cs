using System.Collections.Concurrent;

namespace Pcpe.Gateway.Health;

/// <summary>Which FHIR relay endpoints have their circuit breaker open, as the relay last saw it.</summary>
public sealed class RelayCircuits(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new(StringComparer.Ordinal);

    public void Opened(string recipientId, TimeSpan forAbout) => _openUntil[recipientId] = time.GetUtcNow() + forAbout;

    public void Closed(string recipientId) => _openUntil.TryRemove(recipientId, out _);

    public IReadOnlyList<string> Open() => _openUntil.Where(kv => kv.Value > time.GetUtcNow()).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
}
