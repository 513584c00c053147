namespace Pcpe.Fhir.Model;

/// <summary>
/// The person's consent to disclosure outside the care team, or refusal, as a DUI sends it in a
/// document's <c>sharing.consents</c> (FHIR: Consent profile pcpe-consent-disclosure). Anything not
/// permitted by a provision stays denied outside the care team; a deny provision also refuses
/// recipients inside it.
/// </summary>
public sealed record PersonConsent
{
    /// <summary>The DUI's identifier of this consent; a new version of the same id replaces it.</summary>
    public required string Id { get; init; }

    /// <summary>active, or withdrawn (the person took it back).</summary>
    public string Status { get; init; } = "active";

    /// <summary>When the person gave or changed it.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>When it applies; open when absent.</summary>
    public PlanPeriod? Period { get; init; }

    public required IReadOnlyList<PersonConsentProvision> Provisions { get; init; }
}

/// <summary>One permit or deny; empty lists match every recipient or every data class.</summary>
public sealed record PersonConsentProvision
{
    /// <summary>permit or deny.</summary>
    public required string Decision { get; init; }

    /// <summary>Recipients by national identity: <c>finess:NNNNNNNNN</c> or <c>rpps:NNNNNNNNNNN</c>.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Recipient categories (CodeSystem pcpe-recipient-category): health-professional, social-worker…</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>assessment, plan, transition, attachments, message.</summary>
    public IReadOnlyList<string> DataClasses { get; init; } = [];

    public PlanPeriod? Period { get; init; }
}
