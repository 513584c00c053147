using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>Provenance of a mapped document: the DUI client that pushed it, on behalf of its structure, and when.</summary>
internal static class ProvenanceMapper
{
    public const string ClientSystem = CodeSystems.GatewayBase + "/sid/dui-client";

    public static void Add(TransactionBuilder builder, SubmissionContext context, Identifier document, int version, string structureUrn)
    {
        var provenance = new Provenance
        {
            Target = builder.Bundle.Entry.Select(e => new ResourceReference(e.FullUrl)).ToList(),
            Recorded = context.ReceivedAt,
            Activity = new CodeableConcept(CodeSystems.Concepts, "pcpe-submission", "Transmission par la passerelle PCPE", null),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author"),
                    Who = new ResourceReference(structureUrn),
                },
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler"),
                    Who = new ResourceReference { Identifier = new Identifier(ClientSystem, context.CallerId), Type = "Device" },
                },
            ],
        };
        builder.AddWithStableId(provenance, $"Provenance|{document.System}|{document.Value}|{version}", GatewayProfiles.Provenance);
    }
}
