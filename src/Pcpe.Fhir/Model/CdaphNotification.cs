namespace Pcpe.Fhir.Model;

/// <summary>The CDAPH (MDPH) notification that opens access to the PCPE.</summary>
public sealed record CdaphNotification
{
    /// <summary>transitional, permanent or complementary.</summary>
    public required string Kind { get; init; }

    public required DateOnly DecisionDate { get; init; }

    /// <summary>Validity of the decision.</summary>
    public PlanPeriod? Validity { get; init; }

    /// <summary>Decision number in the MDPH's system (ViaTrajectoire), when known.</summary>
    public string? Reference { get; init; }
}
