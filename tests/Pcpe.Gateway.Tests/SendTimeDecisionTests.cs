using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pcpe.Gateway.Tests;

/// <summary>The legal basis is decided again before every attempt, with the configuration in force then.</summary>
public class SendTimeDecisionTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_recipient_that_left_the_care_team_gets_nothing_more_even_while_retrying(StoreProvider provider)
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Routes:0:Recipients:1"] = null,
            ["Gateway:Delivery:BaseRetryDelaySeconds"] = "0.5",
            ["Gateway:Delivery:MaxRetryDelaySeconds"] = "1",
        });
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));

        // The platform is failing: the delivery is being retried…
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!host.EParcours.LogEntries.Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // …when the platform is removed from the structure's care team.
        host.Reconfigure("Gateway:Recipients:eparcours:CareTeamOf:0", "750803447");
        var delivery = (await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30))).GetProperty("deliveries")[0];
        var callsWhenBlocked = host.EParcours.LogEntries.Count();
        await Task.Delay(1500);

        Assert.Equal("Blocked", delivery.GetProperty("status").GetString());
        Assert.StartsWith("no legal basis at send time: recipient outside the person's care team", delivery.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(callsWhenBlocked, host.EParcours.LogEntries.Count());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_delivery_queued_for_a_recipient_no_longer_configured_leaves_the_queue_as_soon_as_the_configuration_changes(StoreProvider provider)
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        // Queued under an earlier configuration that named a partner DUI since withdrawn.
        var store = host.Services.GetRequiredService<GatewayStore>();
        var delivery = Guid.NewGuid();
        await store.InsertSubmissionAsync(
            new NewSubmission(Guid.NewGuid(), "dui-test", "plan", "PPA-RETIRED", 1, null, "sha-retired", GatewayTestHost.Structure, DateTimeOffset.UtcNow, StoreUnderTest.AnyDocument) { PersonRef = "person" },
            [new NewDelivery(delivery, "dui-retired", "FhirRest", DeliveryStatus.Pending, "care-team:L1110-12", null, StoreUnderTest.AnyDocument)],
            CancellationToken.None);

        // The operator edits the configuration (well within the minute after which the worker looks anyway).
        host.Reconfigure("Gateway:Recipients:eparcours:MaxParallelSends", "8");
        var (status, reason) = (string.Empty, (string?)null);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = host.OpenStore();
            (status, reason) = await connection.QuerySingleAsync<(string, string?)>("SELECT status, decision_reason FROM deliveries WHERE id = @id", new { id = delivery.ToString() });
            if (status is not ("Pending" or "InFlight"))
            {
                break;
            }

            await Task.Delay(100);
        }

        // Nothing leaves for a recipient the gateway no longer knows: no legal basis, audited as blocked.
        Assert.Equal("Blocked", status);
        Assert.Equal("no legal basis at send time: recipient not resolved to a known identity and category", reason);
    }
}
