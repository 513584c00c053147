namespace Pcpe.Fhir.Model;

/// <summary>
/// What the structure recorded about the person's information and choices for sharing within the
/// care team (CSP L1110-4, L1110-12). Absent means not informed: nothing is shared.
/// </summary>
public sealed record SharingPreferences
{
    /// <summary>The person (or representative) was informed of sharing within the care team.</summary>
    public bool PersonInformed { get; init; }

    /// <summary>The person opposed sharing within the care team.</summary>
    public bool Opposition { get; init; }
}
