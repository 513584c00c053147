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
}
