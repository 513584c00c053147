namespace Pcpe.Fhir.Model;

/// <summary>
/// A transition plan (home or ESMS → establishment or hospital) as a DUI pushes it
/// (<c>POST /api/v1/transitions</c>). JSON Schema: profiles/schemas/pcpe-transition.schema.json.
/// </summary>
public sealed record TransitionPlan : IPcpeDocument
{
    public required string DocumentId { get; init; }

    public required int Version { get; init; }

    public required Structure Structure { get; init; }

    public required PersonIdentity Person { get; init; }

    public required string Title { get; init; }

    /// <summary>draft, active, on-hold or completed.</summary>
    public required string Status { get; init; }

    /// <summary>The support plan this transition continues, when there is one.</summary>
    public SupportPlanLink? SupportPlan { get; init; }

    public required TransitionPlace From { get; init; }

    public required TransitionPlace To { get; init; }

    /// <summary>Planned dates: start of the transition, planned take-over.</summary>
    public required PlanPeriod Period { get; init; }

    /// <summary>The coordinator on the receiving side.</summary>
    public Professional? ReceivingCoordinator { get; init; }

    public IReadOnlyList<TransitionStep> Steps { get; init; } = [];

    public IReadOnlyList<string> FacilitatingFactors { get; init; } = [];

    public IReadOnlyList<string> Obstacles { get; init; } = [];

    public required Handover Handover { get; init; }

    /// <summary>The PCPE follows the person until this date, when the receiving team takes over.</summary>
    public DateOnly? FollowUpUntil { get; init; }

    public SharingPreferences? Sharing { get; init; }
}

/// <summary>Where the person comes from or goes to.</summary>
public sealed record TransitionPlace
{
    /// <summary>home, esms, hospital, school or other.</summary>
    public required string Kind { get; init; }

    /// <summary>FINESS of an establishment (required for esms and hospital).</summary>
    public string? Finess { get; init; }

    public string? Name { get; init; }

    /// <summary>MSSanté address of the receiving team, where the transition documents are sent.</summary>
    public string? MssAddress { get; init; }
}

/// <summary>One step of the transition.</summary>
public sealed record TransitionStep
{
    public required string Description { get; init; }

    public DateOnly? Date { get; init; }

    /// <summary>planned, in-progress, done or cancelled.</summary>
    public required string Status { get; init; }
}

/// <summary>The key elements handed over to the receiving team.</summary>
public sealed record Handover
{
    public IReadOnlyList<Need> Needs { get; init; } = [];

    public IReadOnlyList<DirectService> CurrentServices { get; init; } = [];

    /// <summary>How the person communicates (means, tools, what helps).</summary>
    public string? Communication { get; init; }

    public string? HabitsAndPreferences { get; init; }

    public string? Risks { get; init; }
}

/// <summary>The projet personnalisé a transition continues.</summary>
public sealed record SupportPlanLink
{
    /// <summary>The plan's documentId, as pushed to <c>/api/v1/plans</c>.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The plan's period: the transition may not start before the plan.</summary>
    public required PlanPeriod Period { get; init; }
}
