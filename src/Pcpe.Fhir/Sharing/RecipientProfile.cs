namespace Pcpe.Fhir.Sharing;

/// <summary>What the sharing decision knows of a recipient.</summary>
/// <param name="Id">The recipient's identifier in the gateway's configuration.</param>
/// <param name="Category">Its category (R1110-2 or an organisation kind).</param>
/// <param name="CareTeamOfStructures">FINESS of the structures whose care team (L1110-12) it belongs to.</param>
public sealed record RecipientProfile(string Id, RecipientCategory Category, IReadOnlyCollection<string> CareTeamOfStructures);
