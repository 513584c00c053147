using Pcpe.Fhir.Terminology;

namespace Pcpe.Gateway.Api;

/// <summary>What an integrator reads before pushing: the JSON Schemas of the PCPE documents (from
/// profiles/, as embedded in Pcpe.Fhir) and the OpenAPI description of the API.</summary>
public static class ContractEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/v1/schemas/{name}", (string name) =>
        {
            var resource = $"profiles/schemas/pcpe-{name}.schema.json";
            return ProfileResources.Names.Contains(resource)
                ? Results.Bytes(ProfileResources.ReadBytes(resource), "application/schema+json")
                : Results.NotFound();
        })
            .WithTags("Contract").WithSummary("The JSON Schema (2020-12) of a PCPE document: plan, assessment or transition")
            .AnswersJson(StatusCodes.Status200OK, "The JSON Schema.", mediaType: "application/schema+json")
            .AnswersWithoutBody(StatusCodes.Status404NotFound, "No such document kind.");
        app.MapOpenApi("/openapi/{documentName}.json");
    }
}
