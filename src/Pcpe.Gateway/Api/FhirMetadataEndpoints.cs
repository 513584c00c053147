using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Terminology;
using Pcpe.Fhir.Validation;

namespace Pcpe.Gateway.Api;

/// <summary>
/// The FHIR face of the gateway for integrators: <c>GET /fhir/metadata</c> (CapabilityStatement: what
/// POST /fhir accepts, the gateway's profiles) and the conformance resources of profiles/ themselves
/// (<c>GET /fhir/StructureDefinition/{id}</c> with its snapshot, <c>/fhir/ValueSet/{id}</c>, <c>/fhir/CodeSystem/{id}</c>).
/// </summary>
public static class FhirMetadataEndpoints
{
    public static void Map(WebApplication app)
    {
        var statement = BuildCapabilityStatement(ConformanceChecker.Embedded);
        app.MapGet("/fhir/metadata", () => FhirResults.Resource(statement, StatusCodes.Status200OK))
            .WithTags("Contract").WithSummary("CapabilityStatement: what POST /fhir accepts and the gateway's profiles")
            .Answers(StatusCodes.Status200OK, "The CapabilityStatement.", "CapabilityStatement");
        app.MapGet("/fhir/StructureDefinition/{id:regex(^[A-Za-z0-9.-]{{1,64}}$)}", async (string id, CancellationToken cancellationToken) =>
            await GatewayFhirValidator.Shared.SnapshotAsync(id, cancellationToken) is { } definition
                ? FhirResults.Resource(definition, StatusCodes.Status200OK)
                : FhirResults.Outcome(OperationOutcome.IssueType.NotFound, $"no StructureDefinition {id}", StatusCodes.Status404NotFound))
            .WithTags("Contract").WithSummary("A StructureDefinition of the gateway, with its differential and the snapshot a validator uses")
            .Answers(StatusCodes.Status200OK, "The StructureDefinition.", "StructureDefinition")
            .Answers(StatusCodes.Status404NotFound, "No such profile or extension.");
        app.MapGet("/fhir/{type:regex(^(ValueSet|CodeSystem)$)}/{id:regex(^[A-Za-z0-9.-]{{1,64}}$)}", (string type, string id) =>
        {
            var name = $"profiles/terminology/{type}-{id}.json";
            return ProfileResources.Names.Contains(name)
                ? Results.Bytes(ProfileResources.ReadBytes(name), "application/fhir+json; charset=utf-8")
                : FhirResults.Outcome(OperationOutcome.IssueType.NotFound, $"no {type} {id}", StatusCodes.Status404NotFound);
        })
            .WithTags("Contract").WithSummary("A ValueSet or CodeSystem of the gateway's terminology")
            .Answers(StatusCodes.Status200OK, "The conformance resource.", "ResourceList")
            .Answers(StatusCodes.Status404NotFound, "No such resource.");
    }

    private static CapabilityStatement BuildCapabilityStatement(ConformanceChecker checker)
    {
        var profiles = ProfileResources.Load<StructureDefinition>().Where(d => d.Kind == StructureDefinition.StructureDefinitionKind.Resource).ToList();
        return new CapabilityStatement
        {
            Url = CodeSystems.GatewayBase + "/CapabilityStatement/pcpe-gateway",
            Name = "PcpeGateway",
            Title = "Pcpe.Gateway",
            Status = PublicationStatus.Active,
            Date = "2026-11-22",
            Kind = CapabilityStatementKind.Instance,
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "PCPE interoperability gateway: DUI pushes (TDDUI-style transaction Bundles) are checked, mapped and relayed" },
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "POST a transaction Bundle carrying one projet personnalisé (CarePlan with a TDDUI PPER identifier), transition plan or functional assessment. "
                        + "202 with the tracking Location once stored; 400/422 OperationOutcome with FHIRPath locations otherwise. Mutual TLS or OAuth2 bearer.",
                    Security = new CapabilityStatement.SecurityComponent { Cors = false, Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth"), new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "Certificates")] },
                    Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
                    Operation =
                    [
                        new CapabilityStatement.OperationComponent
                        {
                            Name = "validate",
                            Definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate",
                            Documentation = "POST /fhir/$validate with a Bundle: the Firely validator's issues against base R4 and the gateway's profiles; nothing is stored.",
                        },
                    ],
                    Resource = profiles.GroupBy(p => p.Type).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CapabilityStatement.ResourceComponent
                    {
                        Type = g.Key,
                        SupportedProfile = g.Select(p => p.Url).Where(checker.Profiles.Contains).Order(StringComparer.Ordinal).ToList(),
                    }).ToList(),
                },
            ],
        };
    }
}
