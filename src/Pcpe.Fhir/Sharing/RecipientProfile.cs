namespace Pcpe.Fhir.Sharing;

/// <summary>What the sharing decision knows of a recipient.</summary>
/// <param name="Id">The recipient's identifier in the gateway's registry.</param>
/// <param name="Category">Its category (R1110-2 or an organisation kind).</param>
/// <param name="CareTeam">Its care-team memberships that concern the person, with their periods.</param>
public sealed record RecipientProfile(string Id, RecipientCategory Category, IReadOnlyList<CareTeamMembership> CareTeam)
{
    /// <summary>
    /// The national identities it is known by, as <c>finess:NNNNNNNNN</c> or <c>rpps:NNNNNNNNNNN</c>:
    /// what a consent provision names a recipient by.
    /// </summary>
    public IReadOnlyCollection<string> Identities { get; init; } = [];
}
