namespace Pcpe.Fhir.Sharing;

/// <summary>
/// A recipient's membership of a person's care team (équipe de soins, L1110-12), with its period.
/// </summary>
/// <param name="Structure">
/// FINESS of the structure whose team this is: the membership covers every person that structure
/// supports. Null for a membership of this person's team only (e.g. a partner named in their plan).
/// </param>
/// <param name="Start">First day of membership; null when open.</param>
/// <param name="End">Last day of membership; null when open.</param>
public sealed record CareTeamMembership(string? Structure, DateOnly? Start = null, DateOnly? End = null)
{
    /// <summary>True when the membership is in force on <paramref name="day"/> for a document of <paramref name="structureFiness"/>.</summary>
    public bool Covers(string structureFiness, DateOnly day)
        => (Structure is null || Structure == structureFiness) && (Start is null || Start <= day) && (End is null || day <= End);
}
