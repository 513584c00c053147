using System.Security.Cryptography;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Caching.Memory;
using Pcpe.Fhir;

namespace Pcpe.Gateway.Sharing;

/// <summary>
/// Consents already parsed, by the hash of their stored JSON. Every push and every send decides from
/// the person's consents; parsing them with the FHIR SDK each time was a large share of the work.
/// Keyed by content, an entry can never be stale: a new version is new content, hence a new key.
/// Bounded, so memory stays flat however many persons pass through. The consents handed out are shared:
/// decisions only read them.
/// </summary>
public sealed class ParsedConsents : IDisposable
{
    /// <summary>How many parsed consents are kept (a few KB each).</summary>
    public const int Capacity = 4096;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>The consent whose stored JSON has the SHA-256 <paramref name="sha256"/>, parsed once;
    /// <paramref name="json"/> (decrypting it) runs only when it is not already known.</summary>
    public Consent Get(string sha256, Func<byte[]> json)
    {
        if (_cache.TryGetValue(sha256, out Consent? known) && known is not null)
        {
            return known;
        }

        var consent = FhirJson.Deserialize<Consent>(json());
        Add(sha256, consent);
        return consent;
    }

    /// <summary>Keeps a consent parsed elsewhere (a pushed document's), under the hash of the JSON it is stored as.</summary>
    public void Remember(byte[] json, Consent consent) => Add(Convert.ToHexStringLower(SHA256.HashData(json)), consent);

    private void Add(string sha256, Consent consent)
    {
        using var entry = _cache.CreateEntry(sha256);
        entry.Size = 1;
        entry.Value = consent;
    }

    public void Dispose() => _cache.Dispose();
}
