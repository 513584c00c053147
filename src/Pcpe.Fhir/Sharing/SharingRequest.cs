using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>Everything the sharing decision looks at, for one document and one recipient.</summary>
/// <param name="DataClass">What the document is (plan, assessment, transition, message).</param>
/// <param name="StructureFiness">The structure that holds the document and supports the person.</param>
/// <param name="Recipient">Who would receive it; null when it does not resolve to a known recipient.</param>
/// <param name="CareTeamSharing">What the person was told and chose about sharing within the care team
/// (the latest record), and whether the structure flagged an emergency.</param>
/// <param name="Consents">The person's disclosure consents in the registry, latest version of each.</param>
/// <param name="Day">The day the decision is taken (Europe/Paris), against which periods are read.</param>
public sealed record SharingRequest(
    DataClass DataClass,
    string StructureFiness,
    RecipientProfile? Recipient,
    SharingPreferences? CareTeamSharing,
    IReadOnlyList<DisclosureConsent> Consents,
    DateOnly Day);
