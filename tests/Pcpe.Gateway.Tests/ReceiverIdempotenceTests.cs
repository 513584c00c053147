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


        await PushThreeVersionsOfEachKindAsync(host);

        Assert.Empty(await engine.DuplicatesAsync());
        var counts = await engine.CountsAsync();
        // The three samples are about one person: one Patient, one projet personnalisé and one transition plan.
        Assert.Equal(1, counts["Patient"]);
        Assert.Equal(2, counts["CarePlan"]);
        Assert.Equal(["PUT Type/id", "PUT Type?search"], (await engine.EntryRequestsAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.All(await engine.SearchAsync("PractitionerRole"), role => Assert.Matches(
            @"^\d{9}/(rpps|adeli|internal)/[A-Za-z0-9._-]+$", role.GetProperty("identifier")[0].GetProperty("value").GetString()!));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_create_only_receiver_assigns_the_ids_and_still_holds_one_resource_per_identifier(StoreProvider provider)
    {
        await using var engine = await FhirEngine.StartAsync();
        await using var host = await GatewayTestHost.StartAsync(provider, CreateOnlyReceiver(engine));

        await PushThreeVersionsOfEachKindAsync(host);

        Assert.Empty(await engine.DuplicatesAsync());
        // Creates the first time, updates by the receiver's id after: never a conditional update.
        var requests = await engine.EntryRequestsAsync();
        Assert.Equal(["POST Type", "PUT Type/id"], requests.Keys.Order(StringComparer.Ordinal));
        Assert.True(requests["PUT Type/id"] > requests["POST Type"], string.Join(", ", requests));
        var counts = await engine.CountsAsync();
        Assert.Equal(1, counts["Patient"]);
        Assert.Equal(2, counts["CarePlan"]);
        // The receiver's own ids, not the gateway's: it assigned every one (the gateway sends none on a create),
        // and the plans name the person by the id it gave.
        var person = (await engine.SearchAsync("Patient")).Single().GetProperty("id").GetString();
        Assert.All(await engine.SearchAsync("CarePlan"), plan => Assert.Equal(
            $"Patient/{person}", plan.GetProperty("subject").GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task A_create_only_receiver_whose_answer_was_lost_gets_no_second_copy()
    {
        await using var engine = await FhirEngine.StartAsync();
        await using (var first = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, CreateOnlyReceiver(engine)))
        {
            await PushAsync(first, "/api/v1/plans", "plan-full.json", 1);
        }

        var before = await engine.CountsAsync();
        // A gateway that never read the receiver's answer (a fresh store) sends the next version: each entry is a
        // create on its identifier, which the receiver resolves to what it holds without changing it; the gateway
        // then updates those by the ids the answer named.
        await using var second = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, CreateOnlyReceiver(engine));
        await PushAsync(second, "/api/v1/plans", "plan-full.json", 2, title: "Projet révisé");

        Assert.Empty(await engine.DuplicatesAsync());
        var after = await engine.CountsAsync();
        // One more Provenance, the new version's; nothing else added.
        Assert.Equal(before.Where(c => c.Key != "Provenance"), after.Where(c => c.Key != "Provenance"));
        Assert.Equal(before["Provenance"] + 1, after["Provenance"]);
        Assert.Equal("Projet révisé", Assert.Single(await engine.SearchAsync("CarePlan")).GetProperty("title").GetString());
        Assert.True((await engine.EntryRequestsAsync())["PUT Type/id"] > 0);
    }

    private static Dictionary<string, string?> CreateOnlyReceiver(FhirEngine engine) => new()
    {
        ["Gateway:Recipients:eparcours:Endpoint"] = engine.FhirBase.ToString(),
        ["Gateway:Recipients:eparcours:Relay"] = "CreateOnly",
        ["Gateway:Routes:0:Recipients:1"] = null,
    };

    private static async Task PushThreeVersionsOfEachKindAsync(GatewayTestHost host)
    {
        foreach (var (path, sample) in new[] { ("/api/v1/plans", "plan-full.json"), ("/api/v1/assessments", "assessment.json"), ("/api/v1/transitions", "transition.json") })
        {
            for (var version = 1; version <= 3; version++)
            {
                await PushAsync(host, path, sample, version);
            }
        }
    }

    private static async Task PushAsync(GatewayTestHost host, string path, string sample, int version, string? title = null)
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(TestEnvironment.Sample(sample)))!;
        document["version"] = version;
        if (title is not null)
        {
            document["title"] = title;
        }

        using var pushed = await host.Client.PostAsync(path, new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        var submission = await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(90));
        Assert.All(submission.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
    }
}
