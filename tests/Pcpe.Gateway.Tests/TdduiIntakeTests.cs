using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>An ANS TDDUI example pushed as a DUI would: accepted, its warnings in the answer, shared only as its person allows.</summary>
public class TdduiIntakeTests
{
    private const string ExampleStructure = "480787529";

    private static Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(StoreProvider.Sqlite, new Dictionary<string, string?>
    {
        ["Gateway:Routes:0:Structures:1"] = ExampleStructure,
        ["Gateway:Recipients:eparcours:CareTeamOf:1"] = ExampleStructure,
    });

    private static JsonNode Example() => JsonNode.Parse(File.ReadAllText(TestEnvironment.TdduiExample("Bundle-tddui-pp-ime-bundle-example.json")))!;

    private static async Task<HttpResponseMessage> PushAsync(GatewayTestHost host, JsonNode bundle)
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(bundle.ToJsonString()));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return await host.Client.PostAsync("/fhir", body);
    }

    [Fact]
    public async Task The_IME_example_as_published_is_accepted_with_its_warnings_and_shared_with_nobody()
    {
        await using var host = await StartAsync();

        using var response = await PushAsync(host, Example());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var warnings = answer.GetProperty("warnings").EnumerateArray().Select(w => (Location: w.GetProperty("location").GetString(), Message: w.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(warnings, w => w.Location == "Bundle.entry[5].resource" && w.Message.StartsWith("a TDDUI action Task", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Location == "Bundle.entry[2].resource.period.start");

        // The example says nothing of the person being informed of sharing: default deny.
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.All(submission.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("Blocked", d.GetProperty("status").GetString()));
        Assert.Empty(host.EParcours.LogEntries);
    }

    [Fact]
    public async Task With_the_person_informed_the_platform_receives_its_goals_and_agreement_and_nothing_invented()
    {
        await using var host = await StartAsync();
        var bundle = Example();
        bundle["entry"]!.AsArray().Add(JsonNode.Parse("""
            {"fullUrl": "urn:uuid:6d1f0c3e-9a53-4f55-a0f4-2f3b8f0c1a11",
             "resource": {"resourceType": "Consent", "status": "active",
               "scope": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]},
               "category": [{"coding": [{"system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-concepts", "code": "care-team-sharing"}]}],
               "patient": {"reference": "Patient/tddui-pp-ime-patient-example"}, "provision": {"type": "permit"}},
             "request": {"method": "POST", "url": "Consent"}}
            """));

        using var response = await PushAsync(host, bundle);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, TimeSpan.FromSeconds(60));
        Assert.Equal("Delivered", submission.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("recipientId").GetString() == "eparcours").GetProperty("status").GetString());
        var relayed = FhirJson.Deserialize<Bundle>(Assert.Single(host.EParcours.LogEntries).RequestMessage.Body!);
        Assert.Equal(2, relayed.Entry.Count(e => e.Resource is Goal));
        Assert.Contains(relayed.Entry, e => e.Resource is Consent c && c.Category.Any(x => x.Coding.Any(k => k.Code == "plan-agreement")));
        Assert.Null(relayed.Entry.Select(e => e.Resource).OfType<Patient>().Single().Gender);
        Assert.Empty(OfficialFhirValidation.Problems(relayed));
    }
}
