namespace Pcpe.Fhir.Model;

/// <summary>
/// What every PCPE document pushed by a DUI carries: its identity and version, the structure that
/// owns it, the person it is about, and what the person was told and chose about sharing.
/// </summary>
public interface IPcpeDocument
{
    /// <summary>The DUI's identifier of the document; with <see cref="Version"/> it makes a push idempotent.</summary>
    string DocumentId { get; }

    /// <summary>Version, increasing; a higher version updates the previous one downstream.</summary>
    int Version { get; }

    Structure Structure { get; }

    PersonIdentity Person { get; }

    SharingPreferences? Sharing { get; }
}

/// <summary>The three PCPE document kinds, as named in the API and the store.</summary>
public static class DocumentKinds
{
    public const string Plan = "plan";
    public const string Assessment = "assessment";
    public const string Transition = "transition";
}
