using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// What an operator's log collector receives, with the shipped log levels, the gateway's own debug
/// messages and ASP.NET Core's request logs, over a push, a refused push, a failed delivery, both replays, a right-of-access read and an
/// erasure: the events are there, and no identifier or content of the person. One store: the log lines
/// do not depend on it.
/// </summary>
public sealed class LogPrivacyTests : IDisposable
{
    private const string Ins = "295109912611193";
    private readonly LogFile _log = new();

    // What the person's plan says, each distinctive enough to be found anywhere in a log line.
    private static readonly string[] PersonalData =
    [
        Ins, Ins[..13], "CANARYNAME", "Séraphine", "2013-11-27", "U-CANARY-77", "PPA-CANARY-2026", "PPA-CANARY-BAD",
        "canaryneed", "canaryservice", "Projet canary",
    ];

    private static StringContent Plan(string documentId, string ins = Ins)
    {
        var plan = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!;
        plan["documentId"] = documentId;
        plan["title"] = "Projet canary 2026-2027";
        plan["person"]!["ins"]!["number"] = ins;
        plan["person"]!["localId"] = "U-CANARY-77";
        plan["person"]!["familyName"] = "CANARYNAME";
        plan["person"]!["givenNames"] = new JsonArray("Séraphine");
        plan["person"]!["birthDate"] = "2013-11-27";
        plan["needs"]![0]!["description"] = "Soutien canaryneed";
        plan["services"]![0]!["description"] = "Accompagnement canaryservice";
        return new(plan.ToJsonString(), Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task The_logs_name_no_person_and_carry_none_of_their_data_through_a_plans_whole_life()
    {
        await using (var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, _log.Settings()))
        {
            // The platform refuses it, echoing the person in its OperationOutcome as some receivers do.
            host.EParcours.Reset();
            host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422)
                .WithHeader("Content-Type", "application/fhir+json")
                .WithBody($$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"Patient CANARYNAME Séraphine {{Ins}} already known"}]}"""));
            using var pushed = await host.Client.PostAsync("/api/v1/plans", Plan("PPA-CANARY-2026"));
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
            await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));

            // A refused push: the INS key is wrong.
            using (var refused = await host.Client.PostAsync("/api/v1/plans", Plan("PPA-CANARY-BAD", Ins[..13] + "00")))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            }

            // The platform is fixed: one dead letter replayed alone, then the recipient's (none left).
            host.EParcours.Reset();
            host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
            var deadLetter = Assert.Single((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/deliveries?status=DeadLettered")).EnumerateArray());
            using (var replay = await host.Client.PostAsync($"/api/v1/deliveries/{deadLetter.GetProperty("id").GetGuid()}/replay", null))
            {
                Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
            }

            await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
            using (var bulk = await host.Client.PostAsync("/api/v1/deliveries/replay?recipient=eparcours", null))
            {
                Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
            }

            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/v1/persons/{Ins}/disclosures")).StatusCode);
            using (var erasure = await host.Client.PostAsync($"/api/v1/persons/{Ins}/erasure", null))
            {
                Assert.Equal(HttpStatusCode.OK, erasure.StatusCode);
            }
        }

        var lines = _log.Lines();
        string[] expected = ["Submission {SubmissionId}", "Replay: delivery {DeliveryId}", "Replay: {Replayed} dead letters", "Erasure by operator"];
        foreach (var template in expected)
        {
            Assert.True(lines.Any(l => l.Template.StartsWith(template, StringComparison.Ordinal)), $"no \"{template}\" line among: {string.Join(" | ", lines.Select(l => l.Template).Distinct())}");
        }

        // The paths stay, with the person's part named after the route.
        var erased = JsonDocument.Parse(lines.First(l => l.Template.StartsWith("Erasure by operator", StringComparison.Ordinal)).Line).RootElement;
        Assert.Equal("/api/v1/persons/{ins}/erasure", erased.GetProperty("RequestPath").GetString());
        Assert.Contains(lines, l => l.Line.Contains("\"Path\":\"/api/v1/persons/{ins}/disclosures\"", StringComparison.Ordinal));

        LogFile.AssertNoneCarries(lines, PersonalData);
    }

    [Fact]
    public async Task An_INS_a_client_puts_in_any_path_or_query_string_never_reaches_the_request_logs()
    {
        await using (var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, _log.Settings()))
        {
            using var unknownRoute = await host.Client.GetAsync($"/fhir/Patient/{Ins}?identifier=urn:oid:1.2.250.1.213.1.4.8%7C{Ins}");
            using var submission = await host.Client.GetAsync($"/api/v1/submissions/{Ins}?ins={Ins}&status=DeadLettered");
            using var pushed = await host.Client.PostAsync($"/api/v1/plans?person={Ins[..13]}", Plan("PPA-CANARY-2026"));
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        }

        var lines = _log.Lines();
        // The request logs are there, with what is not personal.
        Assert.Contains(lines, l => l.Line.Contains("/fhir/Patient/{ins}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Line.Contains("?ins={redacted}&status=DeadLettered", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Line.Contains("/api/v1/plans", StringComparison.Ordinal) && l.Line.Contains("person={redacted}", StringComparison.Ordinal));
        LogFile.AssertNoneCarries(lines, [Ins, Ins[..13]]);
    }

    [Fact]
    public async Task Two_gateways_in_one_process_each_write_their_own_log()
    {
        using var secondLog = new LogFile();
        await using var first = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, _log.Settings(new() { ["Gateway:Routes:0:Recipients:1"] = null }));
        await using var second = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, secondLog.Settings(new() { ["Gateway:Routes:0:Recipients:1"] = null }));

        using var pushed = await first.Client.PostAsync("/api/v1/plans", Plan("PPA-CANARY-2026"));
        Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        await first.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        var id = pushed.Headers.Location!.OriginalString.Split('/')[^1];

        Assert.Contains(_log.Lines(), l => l.Template.StartsWith("Submission {SubmissionId}", StringComparison.Ordinal) && l.Line.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(secondLog.Lines(), l => l.Line.Contains(id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/persons/295109912611193/erasure", "/api/v1/persons/{ins}/erasure")]
    [InlineData("/api/v1/persons/295109912611193", "/api/v1/persons/{ins}")]
    [InlineData("/API/V1/Persons/295109912611193/disclosures", "/API/V1/Persons/{ins}/disclosures")]
    [InlineData("/api/v1/persons/local/340000017/U-000123/consents", "/api/v1/persons/local/{finess}/{localId}/consents")]
    [InlineData("/api/v1/persons/local/340000017/U-000123", "/api/v1/persons/local/{finess}/{localId}")]
    [InlineData("/api/v1/plans", "/api/v1/plans")]
    [InlineData("/api/v1/submissions/0193a4d2-7c1e-7b3a-9f00-000000000001", "/api/v1/submissions/0193a4d2-7c1e-7b3a-9f00-000000000001")]
    [InlineData("/fhir/Patient/295109912611193", "/fhir/Patient/{ins}")]
    [InlineData("/api/v1/submissions/2951099126111/x", "/api/v1/submissions/{ins}/x")]
    [InlineData("/anything/29510-2A-foo/195102A123456", "/anything/29510-2A-foo/{ins}")]
    public void A_path_keeps_everything_but_the_person(string path, string logged)
        => Assert.Equal(logged, Observability.RequestPathRedaction.Redact(path));

    [Theory]
    [InlineData("?status=DeadLettered&recipient=chu-admissions&limit=100", "?status=DeadLettered&recipient=chu-admissions&limit=100")]
    [InlineData("?since=2026-11-22T08:00:00Z", "?since=2026-11-22T08:00:00Z")]
    [InlineData("?ins=295109912611193", "?ins={redacted}")]
    [InlineData("?name=Martin%20Camille&kind=plan", "?name={redacted}&kind=plan")]
    [InlineData("?295109912611193", "?{redacted}")]
    [InlineData("", "")]
    public void A_query_string_keeps_only_plain_words_numbers_and_dates(string query, string logged)
        => Assert.Equal(logged, Observability.RequestPathRedaction.RedactQuery(query));

    public void Dispose() => _log.Dispose();
}
