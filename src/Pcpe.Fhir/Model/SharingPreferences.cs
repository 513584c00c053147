namespace Pcpe.Fhir.Model;

/// <summary>
/// What the structure recorded about the person's information and choices for sharing
/// (CSP L1110-4, L1110-12). Absent means not informed: nothing is shared within the care team.
/// </summary>
public sealed record SharingPreferences
{
    /// <summary>The person (or representative) was informed of sharing within the care team.</summary>
    public bool PersonInformed { get; init; }

    /// <summary>The person opposed sharing: nothing about them is shared, with anyone.</summary>
    public bool Opposition { get; init; }

    /// <summary>
    /// The structure flags an emergency in which the person cannot express a wish (R1110-3): health
    /// professionals may receive without prior information; the person is to be informed afterwards.
    /// </summary>
    public bool Emergency { get; init; }

    /// <summary>The person's choices for the documents sent to their own space (Mon espace santé, the DMP).</summary>
    public DmpChoices? Dmp { get; init; }

    /// <summary>The person's consents to disclosure outside the care team (or refusals), recorded in the registry.</summary>
    public IReadOnlyList<PersonConsent> Consents { get; init; } = [];
}
