namespace Pcpe.Fhir.Mapping;

/// <summary>
/// Where each part of a PCPE document read from a FHIR Bundle came from, so that a problem the business
/// checks find (<c>$.person.birthDate</c>) is told at the element of the Bundle that was sent
/// (<c>Bundle.entry[1].resource.birthDate</c>). A path with no element of its own is told at the closest
/// part that has one, at worst the document's main resource.
/// </summary>
public sealed class BundleLocations
{
    private readonly Dictionary<string, string> _byPath = new(StringComparer.Ordinal);
    private readonly HashSet<string> _standIns = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="documentPath"/> holds a stand-in for what the Bundle lacks.</summary>
    public void StandIn(string documentPath) => _standIns.Add(documentPath);

    /// <summary>Whether <paramref name="documentPath"/> is, or lies inside, a stand-in.</summary>
    public bool IsStandIn(string documentPath)
        => _standIns.Any(s => documentPath == s || documentPath.StartsWith(s + ".", StringComparison.Ordinal) || documentPath.StartsWith(s + "[", StringComparison.Ordinal));

    /// <summary>Records that <paramref name="documentPath"/> was read from <paramref name="bundlePath"/> (the first record wins).</summary>
    public void Add(string documentPath, string bundlePath) => _byPath.TryAdd(documentPath, bundlePath);

    /// <summary>The Bundle location of <paramref name="documentPath"/>, or of the closest part of it that has one.</summary>
    public string Of(string documentPath)
    {
        var path = documentPath;
        while (true)
        {
            if (_byPath.TryGetValue(path, out var found))
            {
                return found;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return _byPath.GetValueOrDefault("$", "Bundle");
            }

            path = path[..cut];
        }
    }
}
