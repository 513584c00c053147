using System.Text;
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
}
