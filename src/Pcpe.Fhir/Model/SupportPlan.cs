namespace Pcpe.Fhir.Model;

/// <summary>
/// A personalised support plan (projet personnalisé d'accompagnement) as a DUI pushes it
/// (<c>POST /api/v1/plans</c>). JSON Schema: profiles/schemas/pcpe-plan.schema.json.
/// </summary>
public sealed record SupportPlan : IPcpeDocument
{
    public required string DocumentId { get; init; }

    public required int Version { get; init; }

    public required Structure Structure { get; init; }

    public required PersonIdentity Person { get; init; }

    /// <summary>Plan type, TRE_R390 (PAI, PPA, PPIA, PP, PPI, PA, PI).</summary>
    public required string Type { get; init; }

    public required string Title { get; init; }

    /// <summary>draft, active, on-hold or completed.</summary>
    public required string Status { get; init; }

    public required PlanPeriod Period { get; init; }

    /// <summary>Legal representative, trusted person, caregivers.</summary>
    public IReadOnlyList<RelatedParty> RelatedParties { get; init; } = [];

    /// <summary>The named coordinator of the plan.</summary>
    public Coordinator? Coordinator { get; init; }

    public CdaphNotification? Cdaph { get; init; }

    /// <summary>Needs addressed, SERAFIN-PH (JDV-J285).</summary>
    public IReadOnlyList<Need> Needs { get; init; } = [];

    public IReadOnlyList<PlanGoal> Goals { get; init; } = [];

    /// <summary>Direct services, SERAFIN-PH (JDV-J284).</summary>
    public IReadOnlyList<DirectService> Services { get; init; } = [];

    /// <summary>Support for the family: parental guidance, respite.</summary>
    public IReadOnlyList<FamilySupport> FamilySupport { get; init; } = [];

    /// <summary>When the plan is to be reviewed with the person.</summary>
    public DateOnly? ReviewDate { get; init; }

    public PlanAgreement? Agreement { get; init; }

    public SharingPreferences? Sharing { get; init; }
}

/// <summary>The coordinator of a plan.</summary>
public sealed record Coordinator
{
    public required Professional Professional { get; init; }

    /// <summary>True when the MDPH designated this coordinator within a PAG (plan d'accompagnement global).</summary>
    public bool DesignatedByMdph { get; init; }
}

/// <summary>A need, coded SERAFIN-PH (JDV-J285), with the team's wording for this person.</summary>
public sealed record Need
{
    /// <summary>SERAFIN-PH need code, e.g. 1.1.1.1.</summary>
    public required string Code { get; init; }

    public string? Description { get; init; }
}

/// <summary>A goal of the plan.</summary>
public sealed record PlanGoal
{
    /// <summary>The DUI's identifier of the goal, stable across versions of the plan.</summary>
    public required string Id { get; init; }

    public required string Description { get; init; }

    public DateOnly? TargetDate { get; init; }

    /// <summary>The person's own view of the goal, in their words.</summary>
    public string? PersonView { get; init; }

    /// <summary>SERAFIN-PH codes of the plan's needs this goal addresses.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];
}

/// <summary>A direct service, coded SERAFIN-PH (JDV-J284): who delivers it, where, how much, when.</summary>
public sealed record DirectService
{
    /// <summary>SERAFIN-PH direct service code, e.g. 2.1.1.1.</summary>
    public required string Code { get; init; }

    public string? Description { get; init; }

    public ServiceProvider? Provider { get; init; }

    /// <summary>home, school, workplace, esms, leisure, other.</summary>
    public string? Setting { get; init; }

    /// <summary>Intensity in hours per week.</summary>
    public decimal? HoursPerWeek { get; init; }

    /// <summary>Intensity as a frequency in words, when not weekly hours (e.g. "1 séance par mois").</summary>
    public string? Frequency { get; init; }

    public PlanPeriod? Period { get; init; }
}

/// <summary>Who delivers a service.</summary>
public sealed record ServiceProvider
{
    /// <summary>salaried (the PCPE's own staff), liberal (liberal professional under convention) or partner-esms.</summary>
    public required string Kind { get; init; }

    /// <summary>Display name of the professional or the partner.</summary>
    public required string Name { get; init; }

    /// <summary>RPPS of a liberal professional.</summary>
    public string? Rpps { get; init; }

    /// <summary>FINESS of a partner ESMS.</summary>
    public string? Finess { get; init; }
}

/// <summary>Support for the family and caregivers.</summary>
public sealed record FamilySupport
{
    /// <summary>parental-guidance, respite or other.</summary>
    public required string Kind { get; init; }

    public string? Description { get; init; }

    public PlanPeriod? Period { get; init; }
}

/// <summary>Agreement to the plan (TDDUI: Consent "accord" of the structure and of the person).</summary>
public sealed record PlanAgreement
{
    /// <summary>Date the structure signed the plan.</summary>
    public required DateOnly StructureDate { get; init; }

    /// <summary>Date the person (or representative) agreed, when they did.</summary>
    public DateOnly? PersonDate { get; init; }
}
