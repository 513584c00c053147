namespace Pcpe.Fhir.Model;

/// <summary>
/// A professional named in a document (evaluator, coordinator, liberal professional). At least one
/// identifier: RPPS (11 digits), ADELI (9 characters) or the structure's internal identifier.
/// </summary>
public sealed record Professional
{
    /// <summary>RPPS number (11 digits, Luhn key).</summary>
    public string? Rpps { get; init; }

    /// <summary>ADELI number (9 characters), for professions not yet in RPPS.</summary>
    public string? Adeli { get; init; }

    /// <summary>The structure's own identifier of a salaried professional with neither RPPS nor ADELI.</summary>
    public string? InternalId { get; init; }

    public required string FamilyName { get; init; }

    public required string GivenName { get; init; }

    /// <summary>Profession as the team names it (psychologue, éducatrice spécialisée, psychomotricien…).</summary>
    public required string Profession { get; init; }
}
