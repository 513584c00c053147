using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>The resources of a Bundle, found by fullUrl or by <c>Type/id</c>, with their entry index for error locations.</summary>
internal sealed class BundleIndex
{
    private readonly Dictionary<string, (Resource Resource, int Index)> _byReference = new(StringComparer.Ordinal);
    private readonly BundleLocations? _locations;
    private readonly HashSet<Resource> _read = new(ReferenceEqualityComparer.Instance);

    /// <param name="bundle">The Bundle read.</param>
    /// <param name="locations">Where the reader records each part's location; null when nobody asks.</param>
    public BundleIndex(Bundle bundle, BundleLocations? locations = null)
    {
        Bundle = bundle;
        _locations = locations;
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is not { } resource)
            {
                continue;
            }

            if (bundle.Entry[i].FullUrl is { } fullUrl)
            {
                _byReference.TryAdd(fullUrl, (resource, i));
            }

            if (resource.Id is { } id)
            {
                _byReference.TryAdd($"{resource.TypeName}/{id}", (resource, i));
            }
        }
    }

    public Bundle Bundle { get; }

    public IEnumerable<(T Resource, int Index)> All<T>()
        where T : Resource
        => Bundle.Entry.Select((e, i) => (e.Resource, i)).Where(p => p.Resource is T).Select(p => ((T)p.Resource!, p.i));

    public T? Resolve<T>(ResourceReference? reference)
        where T : Resource
        => reference?.Reference is { } key && _byReference.TryGetValue(key, out var found) && found.Resource is T typed ? Read(typed) : null;

    /// <summary>As <see cref="Resolve{T}"/>, for a look-up that reads nothing of the resource into the document.</summary>
    public T? Find<T>(ResourceReference? reference)
        where T : Resource
        => reference?.Reference is { } key && _byReference.TryGetValue(key, out var found) ? found.Resource as T : null;

    /// <summary>Marks <paramref name="resource"/> as read into the document.</summary>
    public T Read<T>(T resource)
        where T : Resource
    {
        _read.Add(resource);
        return resource;
    }

    /// <summary>The entries nothing of the document was read from.</summary>
    public IEnumerable<(Resource Resource, int Index)> Unread()
        => Bundle.Entry.Select((e, i) => (e.Resource, i)).Where(p => p.Resource is not null && !_read.Contains(p.Resource)).Select(p => (p.Resource!, p.i));

    /// <summary>True when <paramref name="reference"/> points at <paramref name="target"/>.</summary>
    public bool Points(ResourceReference? reference, Resource target)
        => reference?.Reference is { } key && _byReference.TryGetValue(key, out var found) && ReferenceEquals(found.Resource, target);

    /// <summary>Records that the document's <paramref name="path"/> holds a stand-in for a missing part.</summary>
    public void StandIn(string path) => _locations?.StandIn(path);

    /// <summary>Records that the document's <paramref name="path"/> was read from <paramref name="resource"/> (its <paramref name="element"/>).</summary>
    public void Locate(string path, Resource? resource, string? element = null)
    {
        if (resource is not null)
        {
            _read.Add(resource);
        }

        if (_locations is not null && LocationOf(resource, element) is { } at)
        {
            _locations.Add(path, at);
        }
    }

    /// <summary>As <see cref="Locate(string, Resource?, string?)"/>, within an expression: returns <paramref name="value"/>.</summary>
    public T Locate<T>(string path, Resource? resource, string? element, T value)
    {
        Locate(path, resource, element);
        return value;
    }

    /// <summary>The location of <paramref name="resource"/> (and its <paramref name="element"/>), or null when it is not an entry.</summary>
    public string? LocationOf(Resource? resource, string? element = null)
    {
        var at = resource is null ? -1 : Bundle.Entry.FindIndex(e => ReferenceEquals(e.Resource, resource));
        return at < 0 ? null : Location(at, element);
    }

    public static string Location(int entryIndex, string? element = null)
        => element is null ? $"Bundle.entry[{entryIndex}].resource" : $"Bundle.entry[{entryIndex}].resource.{element}";
}
