namespace Pcpe.Fhir.Model;

/// <summary>A need addressed by the plan, coded SERAFIN-PH (value set JDV-J285).</summary>
public sealed record AssessedNeed
{
    /// <summary>SERAFIN-PH need code, e.g. 1.1.1.1.</summary>
    public required string Code { get; init; }

    /// <summary>The professional's wording of the need for this person.</summary>
    public string? Description { get; init; }
}
