using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pcpe.Gateway.Tests;

/// <summary>Operators see dead letters and replay them once the cause is fixed, on each store.</summary>
public abstract class OperatorTests(StoreProvider provider)
{
    private static StringContent Plan() => new(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_dead_letter_is_listed_and_once_replayed_is_delivered()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        using var pushed = await host.Client.PostAsync("/api/v1/plans", Plan());
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));

        var deadLetters = await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered");
        var deadLetter = Assert.Single(deadLetters.EnumerateArray());
        Assert.Equal("eparcours", deadLetter.GetProperty("recipientId").GetString());
        Assert.Contains("HTTP 422", deadLetter.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // The platform is fixed; the operator replays.
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        using var replay = await host.Client.PostAsync($"/api/v1/deliveries/{deadLetter.GetProperty("id").GetGuid()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        var submission = await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Delivered", submission.GetProperty("deliveries")[0].GetProperty("status").GetString());
        Assert.Single(host.EParcours.LogEntries);
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).EnumerateArray());
    }

    [Fact]
    public async Task A_blocked_delivery_cannot_be_replayed()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Routes:0:Recipients:1"] = null,
            ["Gateway:Recipients:eparcours:CareTeamOf:0"] = "750803447",
        });
        using var pushed = await host.Client.PostAsync("/api/v1/plans", Plan());
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        var blocked = Assert.Single((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=Blocked")).EnumerateArray());

        using var replay = await host.Client.PostAsync($"/api/v1/deliveries/{blocked.GetProperty("id").GetGuid()}/replay", null);

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Empty(host.EParcours.LogEntries);
    }
}

public sealed class SqliteOperatorTests() : OperatorTests(StoreProvider.Sqlite);

public sealed class PostgresOperatorTests() : OperatorTests(StoreProvider.Postgres);
