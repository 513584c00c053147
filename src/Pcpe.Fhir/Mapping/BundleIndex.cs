using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>The resources of a Bundle, found by fullUrl or by <c>Type/id</c>, with their entry index for error locations.</summary>
internal sealed class BundleIndex
{
    private readonly Dictionary<string, (Resource Resource, int Index)> _byReference = new(StringComparer.Ordinal);

    public BundleIndex(Bundle bundle)
    {
        Bundle = bundle;
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
        => reference?.Reference is { } key && _byReference.TryGetValue(key, out var found) ? found.Resource as T : null;

    /// <summary>True when <paramref name="reference"/> points at <paramref name="target"/>.</summary>
    public bool Points(ResourceReference? reference, Resource target)
        => reference?.Reference is { } key && _byReference.TryGetValue(key, out var found) && ReferenceEquals(found.Resource, target);

    public static string Location(int entryIndex, string? element = null)
        => element is null ? $"Bundle.entry[{entryIndex}].resource" : $"Bundle.entry[{entryIndex}].resource.{element}";
}
