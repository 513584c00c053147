using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>Provenance of a mapped document: the DUI client that pushed it, on behalf of its structure, and when.</summary>
internal static class ProvenanceMapper
{
    public const string ClientSystem = CodeSystems.GatewayBase + "/sid/dui-client";

    public static void Add(TransactionBuilder builder, SubmissionContext context, Identifier document, int version, string structureUrn)
        => builder.Bundle.Entry.Add(Entry(builder.Bundle, context, document, version, structureUrn));

    /// <summary>The Provenance entry of a document's transaction: it targets every entry already in it.</summary>
    public static Bundle.EntryComponent Entry(Bundle transaction, SubmissionContext context, Identifier document, int version, string structureUrn)
    {
        var provenance = new Provenance
        {
            Target = transaction.Entry.Select(e => new ResourceReference(e.FullUrl)).ToList(),
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
        return TransactionBuilder.StableIdEntry(provenance, $"Provenance|{document.System}|{document.Value}|{version}", GatewayProfiles.Provenance);
    }
}
