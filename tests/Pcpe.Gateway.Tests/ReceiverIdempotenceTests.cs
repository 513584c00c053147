using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// A receiver holds one copy of each thing the gateway relays, however many versions of a document come:
/// each document kind is pushed in three versions and relayed to a real FHIR engine (Medplum's router, in
/// memory), which is then asked what it holds, by type and by business identifier.
/// </summary>
public class ReceiverIdempotenceTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Three_versions_of_each_document_leave_exactly_one_resource_per_identifier_at_the_receiver(StoreProvider provider)
    {
        await using var engine = await FhirEngine.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Recipients:eparcours:Endpoint"] = engine.FhirBase.ToString(),
            ["Gateway:Routes:0:Recipients:1"] = null,
        });

        foreach (var (path, sample) in new[] { ("/api/v1/plans", "plan-full.json"), ("/api/v1/assessments", "assessment.json"), ("/api/v1/transitions", "transition.json") })
        {
            for (var version = 1; version <= 3; version++)
            {
                var document = JsonNode.Parse(await File.ReadAllTextAsync(TestEnvironment.Sample(sample)))!;
                document["version"] = version;
                using var pushed = await host.Client.PostAsync(path, new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
                var submission = await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(60));
                Assert.All(submission.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
            }
        }

        Assert.Empty(await engine.DuplicatesAsync());
        var counts = await engine.CountsAsync();
        // The three samples are about one person: one Patient, one projet personnalisé and one transition plan.
        Assert.Equal(1, counts["Patient"]);
        Assert.Equal(2, counts["CarePlan"]);
        Assert.All(await engine.SearchAsync("PractitionerRole"), role => Assert.Matches(
            @"^\d{9}/(rpps|adeli|internal)/[A-Za-z0-9._-]+$", role.GetProperty("identifier")[0].GetProperty("value").GetString()!));
    }
}
