using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Documents;

/// <summary>
/// A PCPE document as a person reads it, built once from the model a recipient may receive: the PDF,
/// the CDA header, the FHIR Composition's sections and the XDM metadata are all written from it, so
/// they always say the same thing.
/// </summary>
public sealed record ReadableDocument
{
    /// <summary>plan, assessment or transition (<see cref="DocumentKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The document type (LOINC, JDV_J07): the CDA code, XDS typeCode and X-MSS-CODECDA.</summary>
    public required DocumentType Type { get; init; }

    public required string Title { get; init; }

    /// <summary>The DUI's identifier; with the structure it names the document across versions (CDA setId).</summary>
    public required string DocumentId { get; init; }

    public required int Version { get; init; }

    public required Structure Structure { get; init; }

    public required PersonIdentity Person { get; init; }

    /// <summary>The professional who wrote it, when the document names one; else the structure is the author.</summary>
    public Professional? Author { get; init; }

    /// <summary>The act the document reports on (plan period, assessment day, transition period): CDA serviceEvent.</summary>
    public required PlanPeriod ServicePeriod { get; init; }

    /// <summary>When the structure validated the document (the plan's agreement), when it says.</summary>
    public DateOnly? AuthenticatedOn { get; init; }

    public required IReadOnlyList<ReadableSection> Sections { get; init; }

    /// <summary>What this recipient never receives, in words, as the sharing policy states it for its
    /// category; it describes the recipient, never this person's data.</summary>
    public IReadOnlyList<string> Withheld { get; init; } = [];
}

/// <summary>A document type code of JDV_J07 (LOINC).</summary>
public sealed record DocumentType(string Code, string Display);

/// <summary>One part of a document, as lines a person reads.</summary>
public sealed record ReadableSection(DocumentPart Part, string Title, IReadOnlyList<string> Lines);

/// <summary>The parts a PCPE document is made of; each maps to the FHIR entries it shows.</summary>
public enum DocumentPart
{
    Plan,
    RelatedParties,
    Needs,
    Goals,
    Services,
    FamilySupport,
    Assessment,
    Findings,
    ChallengingBehaviours,
    CaregiversKnowHow,
    AssessedNeeds,
    Reports,
    Journey,
    Steps,
    FacilitatingFactors,
    Obstacles,
    Handover,
}
