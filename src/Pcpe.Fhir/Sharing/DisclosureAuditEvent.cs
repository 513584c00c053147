using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The AuditEvent of one disclosure or one blocked attempt, after IHE BALP PrivacyDisclosure: type
/// DICOM 110106 Export, subtype ISO 21089 disclose, the gateway as source, the recipient with the legal
/// basis as its policy, the person (by the keyed hash the gateway files them under, never their INS)
/// and the document as entities. Outcome 0 for a disclosure, 4 with the reason for a blocked attempt.
/// </summary>
public static class DisclosureAuditEvent
{
    public const string PersonRefSystem = "urn:pcpe-gateway:person-ref";
    public const string DocumentSystem = "urn:pcpe-gateway:document";

    /// <summary>Builds the event; <paramref name="permitted"/> is true for a disclosure, false for a blocked attempt.</summary>
    public static AuditEvent Build(bool permitted, DateTimeOffset at, string personRef, string recipientId, RecipientCategory? category,
        string kind, string documentId, int version, Guid deliveryId, string? legalBasis, string? reason, string? policyVersion)
    {
        var recipient = new AuditEvent.AgentComponent
        {
            Type = new CodeableConcept("http://dicom.nema.org/resources/ontology/DCM", "110152", "Destination Role ID", null),
            Who = new ResourceReference { Identifier = new Identifier("urn:pcpe-gateway:recipient", recipientId), Display = category is { } c ? RecipientCategories.Code(c) : null },
            Requestor = false,
        };
        if (legalBasis is not null)
        {
            recipient.PolicyElement.Add(new FhirUri("urn:pcpe-gateway:legal-basis:" + legalBasis));
        }

        var audit = new AuditEvent
        {
            Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110106", "Export"),
            Subtype = [new Coding("http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle", "disclose", "Disclose")],
            Action = AuditEvent.AuditEventAction.R,
            Recorded = at,
            Outcome = permitted ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            OutcomeDesc = reason,
            PurposeOfEvent = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActReason", "COC", "coordination of care", null)],
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Type = new CodeableConcept("http://dicom.nema.org/resources/ontology/DCM", "110153", "Source Role ID", null),
                    Who = new ResourceReference { Display = "Pcpe.Gateway" },
                    Requestor = true,
                },
                recipient,
            ],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "Pcpe.Gateway" } },
            Entity =
            [
                new AuditEvent.EntityComponent
                {
                    What = new ResourceReference { Identifier = new Identifier(PersonRefSystem, personRef) },
                    Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
                    Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"),
                },
                new AuditEvent.EntityComponent
                {
                    What = new ResourceReference { Identifier = new Identifier(DocumentSystem, $"{kind}/{documentId}/{version}") },
                    Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                    Role = new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"),
                    Detail =
                    [
                        new AuditEvent.DetailComponent { Type = "delivery", Value = new FhirString(deliveryId.ToString()) },
                        new AuditEvent.DetailComponent { Type = "minimisation-policy", Value = new FhirString(policyVersion ?? "none") },
                    ],
                },
            ],
        };
        return audit;
    }
}
