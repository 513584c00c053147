using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Sharing;

/// <summary>
/// The terms of consents already read (<see cref="ConsentTerms"/>), by the hash of their stored JSON and the
/// registry row's identifier, kind and structure. Every push and every send decides from the person's
/// consents; parsing them with the FHIR SDK each time would be a large share of the work. Keyed by content, an
/// entry can never be stale: a new version is new content, hence a new key. Bounded, so memory stays flat
/// however many persons pass through; terms are small, so the bound covers the backlog of a burst, and its
/// sends find the terms their pushes read.
/// </summary>
public sealed class ConsentTermsCache : IDisposable
{
    /// <summary>How many consents' terms are kept (well under a kilobyte each).</summary>
    public const int Capacity = 16_384;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity, CompactionPercentage = 0.25 });

    /// <summary>The terms of a stored consent; <paramref name="read"/> (opening what the registry stores) runs only when they are not already known.</summary>
    public ConsentTerms Get(string sha256, string identifier, string kind, string structureFiness, Func<ConsentTerms> read)
    {
        var key = Key(sha256, identifier, kind, structureFiness);
        if (_cache.TryGetValue(key, out ConsentTerms? known) && known is not null)
        {
            return known;
        }

        var terms = read();
        Add(key, terms);
        return terms;
    }

    /// <summary>Keeps the terms of a consent read elsewhere (a pushed document's), under the JSON it is stored as.</summary>
    public void Remember(byte[] json, ConsentTerms terms)
        => Add(Key(Convert.ToHexStringLower(SHA256.HashData(json)), terms.Identifier, terms.Kind, terms.StructureFiness), terms);

    private static string Key(string sha256, string identifier, string kind, string structureFiness) => $"{sha256}|{kind}|{structureFiness}|{identifier}";

    private void Add(string key, ConsentTerms terms)
    {
        using var entry = _cache.CreateEntry(key);
        entry.Size = 1;
        entry.Value = terms;
    }

    public void Dispose() => _cache.Dispose();
}
