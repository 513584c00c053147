namespace Pcpe.Fhir.Model;

/// <summary>Someone close to the person: legal representative, trusted person or caregiver (aidant).</summary>
public sealed record RelatedParty
{
    /// <summary>legal-representative, trusted-person or caregiver.</summary>
    public required string Role { get; init; }

    public required string FamilyName { get; init; }

    public required string GivenName { get; init; }

    /// <summary>Relationship to the person in words (mère, tuteur, frère…).</summary>
    public string? Relationship { get; init; }

    /// <summary>Phone number, when the family agreed to share it.</summary>
    public string? Phone { get; init; }
}

/// <summary>Codes of <see cref="RelatedParty.Role"/>.</summary>
public static class RelatedPartyRoles
{
    public const string LegalRepresentative = "legal-representative";
    public const string TrustedPerson = "trusted-person";
    public const string Caregiver = "caregiver";

    public static IReadOnlyList<string> All { get; } = [LegalRepresentative, TrustedPerson, Caregiver];
}
