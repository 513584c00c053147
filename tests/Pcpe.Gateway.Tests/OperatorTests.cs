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
    private static StringContent Plan(string? documentId = null)
    {
        var plan = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        plan["documentId"] = documentId ?? plan["documentId"]!.GetValue<string>();
        return new(plan.ToJsonString(), Encoding.UTF8, "application/json");
    }

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
        Assert.Equal(pushed.Headers.Location, replay.Headers.Location);

        var submission = await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        Assert.Equal("Delivered", submission.GetProperty("deliveries")[0].GetProperty("status").GetString());
        Assert.Single(host.EParcours.LogEntries);
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).EnumerateArray());
    }

    [Fact]
    public async Task After_a_partners_outage_its_dead_letters_are_listed_page_by_page_and_replayed_together()
    {
        // A second platform refuses everything, before and after: its dead letters stay where they are.
        using var other = WireMock.Server.WireMockServer.Start();
        other.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        await using var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Recipients:autre-plateforme:Channel"] = "FhirRest",
            ["Gateway:Recipients:autre-plateforme:Endpoint"] = other.Url + "/fhir",
            ["Gateway:Recipients:autre-plateforme:Category"] = "CoordinationPlatform",
            ["Gateway:Recipients:autre-plateforme:CareTeamOf:0"] = GatewayTestHost.Structure,
            ["Gateway:Routes:0:Recipients:1"] = "autre-plateforme",
        });
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        var submissions = new List<Uri>();
        for (var i = 1; i <= 5; i++)
        {
            using var pushed = await host.Client.PostAsync("/api/v1/plans", Plan($"PPA-OUTAGE-{i}"));
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
            submissions.Add(pushed.Headers.Location!);
        }

        foreach (var submission in submissions)
        {
            await host.WaitUntilSettledAsync(submission, TimeSpan.FromSeconds(30));
        }

        // Two by two: each page links to the next, the last one to none, and together they hold each dead letter once.
        var listed = new List<JsonElement>();
        var pages = 0;
        for (var next = "/api/v1/deliveries?status=DeadLettered&recipient=eparcours&limit=2"; next is not null && pages < 10; pages++)
        {
            using var page = await host.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var deliveries = (await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            Assert.InRange(deliveries.Count, 1, 2);
            listed.AddRange(deliveries);
            next = page.Headers.TryGetValues("Link", out var links) ? NextPage(Assert.Single(links)) : null;
        }

        Assert.Equal(3, pages);
        Assert.Equal(5, listed.Select(d => d.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.All(listed, d => Assert.Equal("eparcours", d.GetProperty("recipientId").GetString()));
        Assert.Equal(10, (await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).GetArrayLength());
        using (var forged = await host.Client.GetAsync("/api/v1/deliveries?status=DeadLettered&after=not-a-token"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        // What an operator may get wrong is refused before anything changes.
        foreach (var wrong in new[] { "/api/v1/deliveries/replay", "/api/v1/deliveries/replay?recipient=eparcourz", "/api/v1/deliveries/replay?recipient=eparcours&since=2026-11-22T08:00:00" })
        {
            using var refused = await host.Client.PostAsync(wrong, null);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var later = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await ReplayAsync(host, $"recipient=eparcours&since={later}")).GetProperty("replayed").GetInt32());
        Assert.Equal(10, (await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).GetArrayLength());

        // The platform is back: one call puts them all back in the queue, and each is delivered once.
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff+00:00", System.Globalization.CultureInfo.InvariantCulture);
        var replay = await ReplayAsync(host, $"recipient=eparcours&since={Uri.EscapeDataString(since)}");
        Assert.Equal(5, replay.GetProperty("replayed").GetInt32());
        Assert.Equal(0, replay.GetProperty("notReplayable").GetInt32());

        foreach (var submission in submissions)
        {
            var settled = await host.WaitUntilSettledAsync(submission, TimeSpan.FromSeconds(30));
            var statuses = settled.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("recipientId").GetString()!, d => d.GetProperty("status").GetString());
            Assert.Equal("Delivered", statuses["eparcours"]);
            Assert.Equal("DeadLettered", statuses["autre-plateforme"]);
        }

        Assert.Equal(5, host.EParcours.LogEntries.Count());
        Assert.Equal(5, other.LogEntries.Count());
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered&recipient=eparcours")).EnumerateArray());
        Assert.Equal(5, (await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered&recipient=autre-plateforme")).GetArrayLength());
    }

    [Fact]
    public async Task Dead_letters_of_an_erased_person_are_never_sent_again()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        foreach (var id in new[] { "PPA-ERASED-1", "PPA-ERASED-2" })
        {
            using var pushed = await host.Client.PostAsync("/api/v1/plans", Plan(id));
            await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        }

        using (var erasure = await host.Client.PostAsync("/api/v1/persons/295109912611193/erasure", null))
        {
            Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
        }

        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var replay = await ReplayAsync(host, "recipient=eparcours");
        Assert.Equal(0, replay.GetProperty("replayed").GetInt32());
        Assert.Equal(2, replay.GetProperty("notReplayable").GetInt32());
        var deadLetter = (await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered"))[0].GetProperty("id").GetGuid();
        using (var one = await host.Client.PostAsync($"/api/v1/deliveries/{deadLetter}/replay", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, one.StatusCode);
        }

        Assert.Equal(2, (await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).GetArrayLength());
        Assert.Empty(host.EParcours.LogEntries);
    }

    private static async Task<JsonElement> ReplayAsync(GatewayTestHost host, string query)
    {
        using var response = await host.Client.PostAsync($"/api/v1/deliveries/replay?{query}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // The address in a Link header's rel="next" entry.
    private static string NextPage(string link)
    {
        Assert.EndsWith("; rel=\"next\"", link, StringComparison.Ordinal);
        return link[1..link.IndexOf('>', StringComparison.Ordinal)];
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
