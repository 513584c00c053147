using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// Accumulates the entries of a transaction Bundle: each resource gets its profile, a stable fullUrl
/// and a conditional update on its business identifier. A resource added twice (same identifier) is
/// kept once.
/// </summary>
internal sealed class TransactionBuilder
{
    private readonly HashSet<string> _fullUrls = new(StringComparer.Ordinal);

    public Bundle Bundle { get; } = new() { Type = Bundle.BundleType.Transaction };

    /// <summary>The fullUrl a resource with this business identifier has in the bundle.</summary>
    public static string UrnOf(string resourceType, Identifier identifier)
        => StableUuid.Urn($"{resourceType}|{identifier.System}|{identifier.Value}");

    public string Add(Resource resource, Identifier businessIdentifier, string profile)
    {
        var fullUrl = UrnOf(resource.TypeName, businessIdentifier);
        if (!_fullUrls.Add(fullUrl))
        {
            return fullUrl;
        }

        resource.Meta = new Meta { Profile = [profile] };
        Bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.PUT,
                Url = BusinessIdentifiers.ConditionalUrl(resource.TypeName, businessIdentifier),
            },
        });
        return fullUrl;
    }

    /// <summary>
    /// The entry of a resource that has no business identifier (Provenance), under a stable
    /// client-assigned id: <c>PUT Type/id</c> is idempotent at the receiver.
    /// </summary>
    public static Bundle.EntryComponent StableIdEntry(Resource resource, string name, string profile)
    {
        var id = StableUuid.For(name).ToString("D");
        resource.Id = id;
        resource.Meta = new Meta { Profile = [profile] };
        return new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + id,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{id}" },
        };
    }
}
