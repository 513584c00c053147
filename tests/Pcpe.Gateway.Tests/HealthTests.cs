using System.Net;
using System.Text.Json;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

public class HealthTests
{
    [Fact]
    public async Task Ready_reports_the_store_the_mail_servers_and_the_relay_circuits()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        using var live = await host.Client.GetAsync("/health/live");
        using var ready = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("mail servers answer", report.GetProperty("checks").GetProperty("mail-servers").GetProperty("description").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("relay-circuits").GetProperty("status").GetString());
    }

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
    public async Task An_unreachable_mail_server_makes_the_gateway_degraded_not_down()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, new() { ["Gateway:Mss:Sender:Smtp:Port"] = "1" });
        using var ready = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.StartsWith("SMTP localhost:1", report.GetProperty("checks").GetProperty("mail-servers").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
