using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Sharing;

/// <summary>What the registry holds for one person at decision time: the terms of the latest version of each consent and the care-team memberships their documents gave.</summary>
public sealed record PersonSharingState(IReadOnlyList<ConsentTerms> Consents, IReadOnlyList<(string RecipientId, CareTeamMembership Membership)> Memberships)
{
    public static readonly PersonSharingState Empty = new([], []);
}
