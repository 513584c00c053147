using Pcpe.Documents.ValueSets;

namespace Pcpe.Documents.Cda;

/// <summary>What a CDA needs besides the document: its identifiers, when it is made, and the codes the
/// structure is described with. The codes are CI-SIS concepts (<see cref="CisisValueSets"/>).</summary>
public sealed record CdaSending
{
    /// <summary>The OID of this rendering (ClinicalDocument/id, the XDS uniqueId).</summary>
    public required string DocumentOid { get; init; }

    /// <summary>The OID shared by every version of the document (setId).</summary>
    public required string SetOid { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>OID of the structure's local patient identifiers, for the person's local id.</summary>
    public required string LocalPatientIdOid { get; init; }

    /// <summary>OID of the gateway as the system that builds the document (the author when the document names no professional).</summary>
    public required string GatewayOid { get; init; }

    /// <summary>JDV_J02: the kind of structure the document comes from.</summary>
    public required CisisConcept HealthcareFacilityType { get; init; }

    /// <summary>JDV_J04: the setting the structure works in.</summary>
    public required CisisConcept PracticeSetting { get; init; }

    /// <summary>HL7 Confidentiality (N, R or V) of the CDA header.</summary>
    public required CisisConcept Confidentiality { get; init; }

    /// <summary>The readable PDF, embedded in the body.</summary>
    public required ReadOnlyMemory<byte> Pdf { get; init; }
}
