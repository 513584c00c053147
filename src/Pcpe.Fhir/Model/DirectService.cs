namespace Pcpe.Fhir.Model;

/// <summary>A direct service of the plan, coded SERAFIN-PH (value set JDV-J284).</summary>
public sealed record DirectService
{
    /// <summary>SERAFIN-PH direct service code, e.g. 2.1.1.1.</summary>
    public required string Code { get; init; }

    /// <summary>Free-text detail (who, where, how often), as the team wrote it.</summary>
    public string? Description { get; init; }

    /// <summary>Period of the service, inside the plan's period.</summary>
    public PlanPeriod? Period { get; init; }
}
