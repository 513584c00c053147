using System.Net;
using System.Text.Json;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>What a DUI integrator downloads: the JSON Schemas and the OpenAPI document.</summary>
public class ContractPublicationTests
{
    [Fact]
    public async Task The_contract_is_published_as_JSON_Schema_and_OpenAPI()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        using var schema = await host.Client.GetAsync("/api/v1/schemas/plan");
        using var missing = await host.Client.GetAsync("/api/v1/schemas/nothing");
        var openApi = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        Assert.Equal("application/schema+json", schema.Content.Headers.ContentType!.MediaType);
        var schemaJson = JsonDocument.Parse(await schema.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schemaJson.GetProperty("$schema").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/plans", paths);
        Assert.Contains("/api/v1/submissions/{id}", paths);
        Assert.Contains("/api/v1/deliveries/{id}/replay", paths);
    }

    [Fact]
    public async Task The_OpenAPI_document_says_what_a_push_reads_and_answers_and_how_to_authenticate()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();

        var openApi = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json")).RootElement;
        var push = openApi.GetProperty("paths").GetProperty("/api/v1/plans").GetProperty("post");

        // The body is the published JSON Schema, at an address a tool can fetch.
        var schemaRef = push.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        Assert.Equal(new Uri(host.BaseAddress, "/api/v1/schemas/plan"), new Uri(schemaRef));
        var schema = JsonDocument.Parse(await host.Client.GetStringAsync(schemaRef)).RootElement;
        Assert.Equal("https://pcpe-gateway.example/schemas/pcpe-plan.schema.json", schema.GetProperty("$id").GetString());
        Assert.Contains(push.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");

        // Every answer a DUI must handle; refusals are FHIR OperationOutcomes.
        var responses = push.GetProperty("responses");
        Assert.Equal(["202", "400", "401", "403", "409", "413", "415", "422", "503"], responses.EnumerateObject().Select(r => r.Name));
        Assert.True(responses.GetProperty("202").GetProperty("headers").TryGetProperty("Location", out _));
        var accepted = responses.GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/SubmissionAcceptance", accepted);
        Assert.Equal(
            ["alreadyKnown", "status", "submissionId", "warnings"],
            openApi.GetProperty("components").GetProperty("schemas").GetProperty("SubmissionAcceptance").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            "https://hl7.org/fhir/R4/fhir.schema.json#/definitions/OperationOutcome",
            responses.GetProperty("422").GetProperty("content").GetProperty("application/fhir+json").GetProperty("schema").GetProperty("$ref").GetString());
        var bundle = openApi.GetProperty("paths").GetProperty("/fhir").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/fhir+json");
        Assert.Equal("https://hl7.org/fhir/R4/fhir.schema.json#/definitions/Bundle", bundle.GetProperty("schema").GetProperty("$ref").GetString());

        // Callers authenticate with a client certificate here (no bearer tokens configured); the schemas need none.
        var schemes = openApi.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(["clientCertificate"], schemes.EnumerateObject().Select(s => s.Name));
        Assert.Equal("mutualTLS", schemes.GetProperty("clientCertificate").GetProperty("type").GetString());
        Assert.Equal("clientCertificate", Assert.Single(Assert.Single(push.GetProperty("security").EnumerateArray()).EnumerateObject()).Name);
        Assert.False(openApi.GetProperty("paths").GetProperty("/api/v1/schemas/{name}").GetProperty("get").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task The_OpenAPI_document_gives_the_shape_of_what_operators_really_get()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var openApi = JsonDocument.Parse(await host.Client.GetStringAsync("/openapi/v1.json")).RootElement;

        // Each operator answer, fetched for real, has exactly the properties its schema names.
        var person = "/api/v1/persons/295109912611193";
        foreach (var (method, path, template, status) in new[]
        {
            (HttpMethod.Post, "/api/v1/deliveries/replay?recipient=eparcours", "/api/v1/deliveries/replay", "200"),
            (HttpMethod.Get, "/api/v1/audit/verify", "/api/v1/audit/verify", "200"),
            (HttpMethod.Get, person + "/disclosures", "/api/v1/persons/{ins}/disclosures", "200"),
            (HttpMethod.Post, person + "/erasure", "/api/v1/persons/{ins}/erasure", "200"),
        })
        {
            using var response = await host.Client.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var schema = AnswerSchema(openApi, template, method.Method.ToLowerInvariant(), status);
            Assert.Equal(schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), answer.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }

        // Lists are arrays of a named shape; the disclosure report's entries say who, what and on which basis.
        var deliveries = OpenApiPath(openApi, "/api/v1/deliveries", "get");
        Assert.Equal(["after", "limit", "recipient", "status"], deliveries.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var listed = deliveries.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal("array", listed.GetProperty("type").GetString());
        Assert.Contains("lastError", Component(openApi, listed.GetProperty("items").GetProperty("$ref").GetString()!).GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var entry = Component(openApi, AnswerSchema(openApi, "/api/v1/persons/{ins}/disclosures", "get", "200").GetProperty("properties").GetProperty("disclosures").GetProperty("items").GetProperty("$ref").GetString()!);
        Assert.Equal(["at", "auditSequence", "document", "legalBasis", "policyVersion", "reason", "recipient"], entry.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("ConsentRecorded", AnswerSchemaName(openApi, "/fhir/Consent", "post", "201"));
    }

    private static JsonElement OpenApiPath(JsonElement openApi, string path, string method) => openApi.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static string AnswerSchemaName(JsonElement openApi, string path, string method, string status)
        => OpenApiPath(openApi, path, method).GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("$ref").GetString()!.Replace("#/components/schemas/", string.Empty, StringComparison.Ordinal);

    private static JsonElement AnswerSchema(JsonElement openApi, string path, string method, string status)
        => openApi.GetProperty("components").GetProperty("schemas").GetProperty(AnswerSchemaName(openApi, path, method, status));

    private static JsonElement Component(JsonElement openApi, string reference)
        => openApi.GetProperty("components").GetProperty("schemas").GetProperty(reference.Replace("#/components/schemas/", string.Empty, StringComparison.Ordinal));
}
