namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The person's consent (or refusal) to disclosure, as recorded in the consent registry (FHIR profile
/// pcpe-consent-disclosure). Outside the care team, a permit here is the legal basis (L1110-4 III);
/// a deny provision is an explicit refusal that wins everywhere, care team included.
/// </summary>
public sealed record DisclosureConsent
{
    /// <summary>The consent's business identifier (its value), what a legal basis refers to.</summary>
    public required string Identifier { get; init; }

    public required ConsentStatus Status { get; init; }

    /// <summary>When it was given or changed.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Whether what no nested provision matches is permitted or denied.</summary>
    public ProvisionType Base { get; init; } = ProvisionType.Deny;

    /// <summary>When the whole consent applies; null when open.</summary>
    public DateOnly? Start { get; init; }

    public DateOnly? End { get; init; }

    /// <summary>Exceptions to the base: permits or denies for recipients, categories and data classes.</summary>
    public IReadOnlyList<ConsentProvision> Provisions { get; init; } = [];

    /// <summary>True when active and its period covers <paramref name="day"/>.</summary>
    public bool InForce(DateOnly day) => Status == ConsentStatus.Active && (Start is null || Start <= day) && (End is null || day <= End);
}

/// <summary>One permit or deny for some recipients and data. An empty list matches everything.</summary>
public sealed record ConsentProvision
{
    public required ProvisionType Type { get; init; }

    public DateOnly? Start { get; init; }

    public DateOnly? End { get; init; }

    /// <summary>Recipients by national identity: <c>finess:…</c> or <c>rpps:…</c>.</summary>
    public IReadOnlyList<string> Recipients { get; init; } = [];

    /// <summary>Recipients by category.</summary>
    public IReadOnlyList<RecipientCategory> Categories { get; init; } = [];

    public IReadOnlyList<DataClass> DataClasses { get; init; } = [];

    /// <summary>True when this provision speaks of this recipient, this class of data, on this day.</summary>
    public bool Matches(RecipientProfile recipient, DataClass dataClass, DateOnly day)
        => (Start is null || Start <= day) && (End is null || day <= End)
           && (DataClasses.Count == 0 || DataClasses.Contains(dataClass))
           && ((Recipients.Count == 0 && Categories.Count == 0)
               || Categories.Contains(recipient.Category)
               || Recipients.Any(recipient.Identities.Contains));
}

/// <summary>Status of a consent in the registry.</summary>
public enum ConsentStatus
{
    /// <summary>In force.</summary>
    Active,
    /// <summary>Withdrawn by the person: it no longer permits anything.</summary>
    Withdrawn,
    /// <summary>Recorded by mistake: ignored.</summary>
    EnteredInError,
}

/// <summary>Permit or deny.</summary>
public enum ProvisionType
{
    Deny,
    Permit,
}
