namespace Pcpe.Fhir.Model;

/// <summary>
/// A personalised support plan (projet personnalisé d'accompagnement) as a DUI pushes it
/// (<c>POST /api/v1/plans</c>). JSON Schema: profiles/schemas/pcpe-plan.schema.json.
/// </summary>
public sealed record SupportPlan
{
    /// <summary>The DUI's identifier of this plan; with <see cref="Version"/> it makes a push idempotent.</summary>
    public required string DocumentId { get; init; }

    /// <summary>Version of the plan, increasing; a higher version updates the previous one downstream.</summary>
    public required int Version { get; init; }

    public required Structure Structure { get; init; }

    public required PersonIdentity Person { get; init; }

    /// <summary>Plan type, TRE_R390 (PAI, PPA, PPIA, PP, PPI, PA, PI).</summary>
    public required string Type { get; init; }

    public required string Title { get; init; }

    /// <summary>draft, active, on-hold or completed.</summary>
    public required string Status { get; init; }

    public required PlanPeriod Period { get; init; }

    public IReadOnlyList<AssessedNeed> Needs { get; init; } = [];

    public IReadOnlyList<DirectService> Services { get; init; } = [];

    public SharingPreferences? Sharing { get; init; }
}
