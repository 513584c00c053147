using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Gateway.Api;

/// <summary>
/// The FHIR face of the gateway for integrators: <c>GET /fhir/metadata</c> (CapabilityStatement: what
/// POST /fhir accepts, the gateway's profiles) and the conformance resources of profiles/ themselves
/// (<c>GET /fhir/StructureDefinition/{id}</c>, <c>/fhir/ValueSet/{id}</c>, <c>/fhir/CodeSystem/{id}</c>).
/// </summary>
public static class FhirMetadataEndpoints
{
    public static void Map(WebApplication app)
    {
        var statement = BuildCapabilityStatement(ConformanceChecker.Embedded);
        app.MapGet("/fhir/metadata", () => FhirResults.Resource(statement, StatusCodes.Status200OK))
            .WithTags("Contract").WithSummary("CapabilityStatement: what POST /fhir accepts and the gateway's profiles")
            .Answers(StatusCodes.Status200OK, "The CapabilityStatement.", "CapabilityStatement");
        app.MapGet("/fhir/{type:regex(^(StructureDefinition|ValueSet|CodeSystem)$)}/{id:regex(^[A-Za-z0-9.-]{{1,64}}$)}", (string type, string id) =>
        {
            var folder = type == "StructureDefinition" ? "structuredefinitions" : "terminology";
            var name = $"profiles/{folder}/{type}-{id}.json";
            return ProfileResources.Names.Contains(name)
                ? Results.Bytes(ProfileResources.ReadBytes(name), "application/fhir+json; charset=utf-8")
                : FhirResults.Outcome(OperationOutcome.IssueType.NotFound, $"no {type} {id}", StatusCodes.Status404NotFound);
        })
            .WithTags("Contract").WithSummary("A StructureDefinition, ValueSet or CodeSystem of the gateway's profiles")
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
