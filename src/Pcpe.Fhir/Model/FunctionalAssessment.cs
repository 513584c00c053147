namespace Pcpe.Fhir.Model;

/// <summary>
/// A functional assessment (évaluation fonctionnelle) as a DUI pushes it
/// (<c>POST /api/v1/assessments</c>). JSON Schema: profiles/schemas/pcpe-assessment.schema.json.
/// </summary>
public sealed record FunctionalAssessment : IPcpeDocument
{
    public required string DocumentId { get; init; }

    public required int Version { get; init; }

    public required Structure Structure { get; init; }

    public required PersonIdentity Person { get; init; }

    /// <summary>Date of the assessment (or of its synthesis).</summary>
    public required DateOnly Date { get; init; }

    public required IReadOnlyList<Professional> Evaluators { get; init; }

    /// <summary>Tools and method used (grids, observation settings), in words.</summary>
    public string? Method { get; init; }

    public AssessmentContext? Context { get; init; }

    /// <summary>Findings per functional domain and life environment.</summary>
    public IReadOnlyList<FunctionalFinding> Findings { get; init; } = [];

    /// <summary>Challenging behaviours (comportements-problèmes) observed, in words.</summary>
    public IReadOnlyList<string> ChallengingBehaviours { get; init; } = [];

    /// <summary>What the family and caregivers know how to do (savoir-faire des aidants).</summary>
    public string? CaregiversKnowHow { get; init; }

    /// <summary>Needs identified, SERAFIN-PH (JDV-J285), with intensity and analysis.</summary>
    public IReadOnlyList<AssessedNeed> Needs { get; init; } = [];

    /// <summary>Reports attached to the assessment (psychometric tests, observation reports).</summary>
    public IReadOnlyList<AttachedReport> Reports { get; init; } = [];

    public SharingPreferences? Sharing { get; init; }
}

/// <summary>Why the assessment was made: the CDAPH notification and the PAG, if any.</summary>
public sealed record AssessmentContext
{
    public CdaphNotification? Cdaph { get; init; }

    /// <summary>True when the person has a PAG (plan d'accompagnement global).</summary>
    public bool UnderPag { get; init; }
}

/// <summary>What was observed in one functional domain, optionally in one life environment.</summary>
public sealed record FunctionalFinding
{
    /// <summary>Code of profiles/terminology CodeSystem-pcpe-functional-domain (communication-receptive…).</summary>
    public required string Domain { get; init; }

    /// <summary>Code of profiles/terminology CodeSystem-pcpe-life-environment (daily-life…).</summary>
    public string? Environment { get; init; }

    /// <summary>The observation in the evaluator's words.</summary>
    public required string Observation { get; init; }

    /// <summary>Sensitivity labels (v3-ActCode: PSY, ETH, HIV…): withheld from the categories the minimisation policy says.</summary>
    public IReadOnlyList<string> Sensitivity { get; init; } = [];
}

/// <summary>A need identified by the assessment.</summary>
public sealed record AssessedNeed
{
    /// <summary>SERAFIN-PH need code (JDV-J285).</summary>
    public required string Code { get; init; }

    /// <summary>low, moderate, high or very-high.</summary>
    public required string Intensity { get; init; }

    /// <summary>The professional's analysis of the need.</summary>
    public string? Analysis { get; init; }
}

/// <summary>A report attached to a document; the gateway relays the reference, not the file.</summary>
public sealed record AttachedReport
{
    public required string Title { get; init; }

    public DateOnly? Date { get; init; }

    /// <summary>Where the receiver can fetch it (URL in the DUI), when it can.</summary>
    public string? Url { get; init; }

    /// <summary>MIME type of the report (application/pdf…).</summary>
    public string? ContentType { get; init; }

    /// <summary>Sensitivity labels (v3-ActCode: PSY, ETH, HIV…): withheld from the categories the minimisation policy says.</summary>
    public IReadOnlyList<string> Sensitivity { get; init; } = [];
}
