using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// Sharing end to end, through the HTTP API, a WireMock e-parcours platform (in the structure's care
/// team) and a WireMock partner DUI outside it: who gets what, on which basis, consents and their
/// withdrawal, the person's disclosure report, erasure, retention, the audit chain, encryption at rest.
/// </summary>
public sealed class SharingTests
{
    private const string Ins = "253072B07300470";
    private const string PartnerFiness = "750803447";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static async Task<(GatewayTestHost Host, WireMockServer Partner)> StartAsync(StoreProvider provider, bool partnerFails = false, double retryDelaySeconds = 0.3)
    {
        var partner = WireMockServer.Start();
        partner.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(partnerFails
            ? Response.Create().WithStatusCode(503)
            : Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/fhir+json").WithBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"));
        var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Routes:0:Recipients:1"] = "dui-partenaire",
            ["Gateway:Recipients:dui-partenaire:Channel"] = "FhirRest",
            ["Gateway:Recipients:dui-partenaire:Endpoint"] = partner.Url + "/fhir",
            ["Gateway:Recipients:dui-partenaire:Category"] = "EssmsInformationSystem",
            ["Gateway:Recipients:dui-partenaire:Finess"] = PartnerFiness,
            ["Gateway:Recipients:dui-partenaire:DisplayName"] = "DUI du SESSAD partenaire",
            ["Gateway:Delivery:BaseRetryDelaySeconds"] = retryDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Delivery:MaxRetryDelaySeconds"] = Math.Max(0.5, retryDelaySeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Gateway:Delivery:MaxAttempts"] = "1000",
        });
        return (host, partner);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Assessment(int version)
    {
        var document = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("assessment.json")))!;
        document["version"] = version;
        return document.ToJsonString();
    }

    private static string Assessment(int version, bool opposition)
    {
        var document = JsonNode.Parse(Assessment(version))!;
        document["sharing"]!["opposition"] = opposition;
        return document.ToJsonString();
    }

    internal static string PartnerConsent(string status) => $$"""
        {
          "resourceType": "Consent",
          "identifier": [{ "system": "https://dui.example/consents", "value": "CONS-DUI-1" }],
          "status": "{{status}}",
          "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" }] },
          "category": [{ "coding": [{ "system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-concepts", "code": "disclosure-consent" }] }],
          "patient": { "identifier": { "system": "urn:oid:1.2.250.1.213.1.4.10", "value": "{{Ins}}" } },
          "dateTime": "2026-11-20",
          "organization": [{ "identifier": { "system": "https://finess.esante.gouv.fr", "value": "{{GatewayTestHost.Structure}}" } }],
          "policyRule": { "coding": [{ "system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-concepts", "code": "disclosure-consent" }] },
          "provision": {
            "type": "deny",
            "provision": [{
              "type": "permit",
              "actor": [{
                "role": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP" }] },
                "reference": { "type": "Organization", "identifier": { "system": "https://finess.esante.gouv.fr", "value": "{{PartnerFiness}}" } }
              }],
              "class": [{ "system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-data-class", "code": "assessment" }]
            }]
          }
        }
        """;

    private static async Task<HttpResponseMessage> PostConsentAsync(GatewayTestHost host, string status)
        => await host.Client.PostAsync("/fhir/Consent", new StringContent(PartnerConsent(status), Encoding.UTF8, "application/fhir+json"));

    // The person consents to the partner receiving assessments, then an assessment is pushed; waits until `until` holds.
    private static async Task<HttpResponseMessage> ConsentThenPushAsync(GatewayTestHost host, Func<bool> until)
    {
        using (var consent = await PostConsentAsync(host, "active"))
        {
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        }

        var pushed = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(1)));
        var deadline = DateTime.UtcNow + Wait;
        while (!until() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return pushed;
    }

    private static JsonElement Delivery(JsonElement submission, string recipient)
        => submission.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("recipientId").GetString() == recipient);

    private static async Task<JsonElement> DisclosuresAsync(GatewayTestHost host)
        => await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/disclosures");

    private static async Task<DbConnection> OpenAsync(GatewayTestHost host)
    {
        var connection = host.OpenStore();
        await connection.OpenAsync();
        return connection;
    }

    // No request reaches the partner any more (three times the longest retry delay later); returns how many it got.
    private static async Task<int> AssertNothingMoreReachesAsync(WireMockServer partner)
    {
        var calls = partner.LogEntries.Count();
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(calls, partner.LogEntries.Count());
        return calls;
    }

    private static async Task AssertPayloadsErasedAsync(GatewayTestHost host)
    {
        await using var connection = await OpenAsync(host);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submission_documents"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM delivery_payloads"));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task The_care_team_gets_a_minimised_document_an_outsider_gets_nothing_until_the_person_consents_and_the_report_says_so(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;

        using var first = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(1)));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var settled = await host.WaitUntilSettledAsync(first.Headers.Location!, Wait);
        var platform = Delivery(settled, "eparcours");
        var outsider = Delivery(settled, "dui-partenaire");
        Assert.Equal("Delivered", platform.GetProperty("status").GetString());
        Assert.Equal("care-team:L1110-12", platform.GetProperty("legalBasis").GetString());
        Assert.Equal("Blocked", outsider.GetProperty("status").GetString());
        Assert.Contains("outside the person's care team and no consent", outsider.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        Assert.Empty(partner.LogEntries);

        // The platform got what a coordination platform may see: no psychological finding, no report reference.
        var received = FhirJson.Deserialize<Bundle>(Assert.Single(host.EParcours.LogEntries).RequestMessage.Body!);
        Assert.DoesNotContain(received.Entry, e => e.Resource?.Meta?.Security.Any(s => s.Code == "PSY") == true);
        Assert.DoesNotContain(received.Entry, e => e.Resource is DocumentReference);
        Assert.Equal(5, received.Entry.Select(e => e.Resource).OfType<Observation>().Count(o => o.Meta!.Profile.Any(p => p!.EndsWith("pcpe-observation-finding", StringComparison.Ordinal))));

        // The person consents to the partner receiving assessments; the next version goes there too.
        using var consent = await PostConsentAsync(host, "active");
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        var recorded = await consent.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"{GatewayTestHost.Structure}/CONS-DUI-1", recorded.GetProperty("identifier").GetString());
        Assert.Equal(1, recorded.GetProperty("version").GetInt32());
        Assert.Null(consent.Headers.Location);
        using var second = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(2)));
        var later = await host.WaitUntilSettledAsync(second.Headers.Location!, Wait);
        Assert.Equal("Delivered", Delivery(later, "dui-partenaire").GetProperty("status").GetString());
        Assert.Equal($"consent:{GatewayTestHost.Structure}/CONS-DUI-1", Delivery(later, "dui-partenaire").GetProperty("legalBasis").GetString());
        var partnerBundle = FhirJson.Deserialize<Bundle>(Assert.Single(partner.LogEntries).RequestMessage.Body!);
        Assert.Contains(partnerBundle.Entry, e => e.Resource?.Meta?.Security.Any(s => s.Code == "PSY") == true);

        // The right of access: who received what, when, on which basis — and who was refused.
        var report = await DisclosuresAsync(host);
        var disclosures = report.GetProperty("disclosures").EnumerateArray().ToList();
        Assert.Equal(3, disclosures.Count);
        Assert.Equal(2, disclosures.Count(d => d.GetProperty("recipient").GetProperty("id").GetString() == "eparcours" && d.GetProperty("legalBasis").GetString() == "care-team:L1110-12"));
        var toPartner = Assert.Single(disclosures, d => d.GetProperty("recipient").GetProperty("id").GetString() == "dui-partenaire");
        Assert.Equal("DUI du SESSAD partenaire", toPartner.GetProperty("recipient").GetProperty("name").GetString());
        Assert.Equal("essms-information-system", toPartner.GetProperty("recipient").GetProperty("category").GetString());
        Assert.Equal(2, toPartner.GetProperty("document").GetProperty("version").GetInt32());
        var refused = Assert.Single(report.GetProperty("blocked").EnumerateArray());
        Assert.Equal(1, refused.GetProperty("document").GetProperty("version").GetInt32());

        var history = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/consents");
        Assert.Contains(history.EnumerateArray(), c => c.GetProperty("identifier").GetString() == $"{GatewayTestHost.Structure}/CONS-DUI-1" && c.GetProperty("source").GetString() == "api:anonymous");
        Assert.Contains(history.EnumerateArray(), c => c.GetProperty("identifier").GetString() == $"{GatewayTestHost.Structure}/CONS-2026-01");

        var verification = await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify");
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(4, verification.GetProperty("events").GetInt64());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Each_person_keeps_their_own_consent_history_and_a_repushed_consent_adds_no_version(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;
        const string OtherIns = "295109912611193"; // the person of plan-minimal.json, same structure

        // Both persons' documents carry the structure's care-team sharing record, under the same identifier.
        foreach (var (path, body) in new[] { ("/api/v1/assessments", Assessment(1)), ("/api/v1/plans", File.ReadAllText(TestEnvironment.Sample("plan-minimal.json"))), ("/api/v1/assessments", Assessment(2)) })
        {
            using var pushed = await host.Client.PostAsync(path, Json(body));
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        }

        var careTeamSharing = $"{GatewayTestHost.Structure}/care-team-sharing";
        var first = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/consents");
        Assert.Equal(
            [(careTeamSharing, 1), ($"{GatewayTestHost.Structure}/CONS-2026-01", 1)],
            first.EnumerateArray().Select(c => (c.GetProperty("identifier").GetString(), c.GetProperty("version").GetInt32())).Order().ToList());
        var other = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{OtherIns}/consents");
        Assert.Equal(
            [(careTeamSharing, 1)],
            other.EnumerateArray().Select(c => (c.GetProperty("identifier").GetString(), c.GetProperty("version").GetInt32())).ToList());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_person_who_lifts_their_opposition_in_the_next_version_has_that_version_shared_with_the_care_team(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;

        using var opposed = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(1, opposition: true)));
        Assert.Equal(HttpStatusCode.Accepted, opposed.StatusCode);
        var first = Delivery(await host.WaitUntilSettledAsync(opposed.Headers.Location!, Wait), "eparcours");
        Assert.Equal("Blocked", first.GetProperty("status").GetString());
        Assert.Contains("opposed", first.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);

        // The next version records that the person no longer opposes: it supersedes the earlier record.
        using var lifted = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(2, opposition: false)));
        Assert.Equal(HttpStatusCode.Accepted, lifted.StatusCode);
        var second = Delivery(await host.WaitUntilSettledAsync(lifted.Headers.Location!, Wait), "eparcours");
        Assert.Equal("Delivered", second.GetProperty("status").GetString());
        Assert.Equal("care-team:L1110-12", second.GetProperty("legalBasis").GetString());
        Assert.Single(host.EParcours.LogEntries);
        var history = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/consents");
        Assert.Equal(2, history.EnumerateArray().Count(c => c.GetProperty("identifier").GetString() == $"{GatewayTestHost.Structure}/care-team-sharing"));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task An_opposition_in_a_later_document_blocks_what_earlier_ones_have_queued_before_their_retry(StoreProvider provider)
    {
        // The partner refused the first attempt; the retry is minutes away, so only the push's review can block it now.
        var (host, partner) = await StartAsync(provider, partnerFails: true, retryDelaySeconds: 300);
        await using var _ = host;
        using var __ = partner;
        using var pushed = await ConsentThenPushAsync(host, () => partner.LogEntries.Any());
        var deadline = DateTime.UtcNow + Wait;
        while (Delivery(await host.Client.GetFromJsonAsync<JsonElement>(pushed.Headers.Location!), "dui-partenaire").GetProperty("status").GetString() != "RetryScheduled" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var calls = partner.LogEntries.Count();

        // Another assessment of the same person, in which they oppose sharing.
        var later = JsonNode.Parse(Assessment(1, opposition: true))!;
        later["documentId"] = "EVAL-2026-0032";
        using var opposed = await host.Client.PostAsync("/api/v1/assessments", Json(later.ToJsonString()));
        Assert.Equal(HttpStatusCode.Accepted, opposed.StatusCode);

        var earlier = Delivery(await host.Client.GetFromJsonAsync<JsonElement>(pushed.Headers.Location!), "dui-partenaire");
        Assert.Equal("Blocked", earlier.GetProperty("status").GetString());
        Assert.Equal("no legal basis any more: the person opposed sharing", earlier.GetProperty("decisionReason").GetString());
        Assert.Equal(calls, partner.LogEntries.Count());
        Assert.Contains((await DisclosuresAsync(host)).GetProperty("blocked").EnumerateArray(), d => d.GetProperty("recipient").GetProperty("id").GetString() == "dui-partenaire");
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_withdrawal_arriving_while_deliveries_retry_stops_them_and_nothing_more_leaves(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider, partnerFails: true);
        await using var _ = host;
        using var __ = partner;
        using var pushed = await ConsentThenPushAsync(host, () => partner.LogEntries.Count() >= 2);

        Assert.True(partner.LogEntries.Count() >= 2, "the partner delivery should be retrying");
        using var withdrawal = await PostConsentAsync(host, "inactive");
        Assert.Equal(HttpStatusCode.Created, withdrawal.StatusCode);
        var answered = partner.LogEntries.Count();

        var settled = await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        var delivery = Delivery(settled, "dui-partenaire");
        Assert.Equal("Blocked", delivery.GetProperty("status").GetString());
        Assert.StartsWith("no legal basis", delivery.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        var blockedCalls = await AssertNothingMoreReachesAsync(partner);
        // At most the one attempt already under way when the withdrawal was committed may still have reached the partner.
        Assert.True(blockedCalls - answered <= 1, $"{blockedCalls - answered} attempts after the withdrawal");

        var report = await DisclosuresAsync(host);
        Assert.DoesNotContain(report.GetProperty("disclosures").EnumerateArray(), d => d.GetProperty("recipient").GetProperty("id").GetString() == "dui-partenaire");
        Assert.Contains(report.GetProperty("blocked").EnumerateArray(), d => d.GetProperty("recipient").GetProperty("id").GetString() == "dui-partenaire");
        var history = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/consents");
        Assert.Equal(["active", "withdrawn"], history.EnumerateArray().Where(c => c.GetProperty("identifier").GetString()!.EndsWith("CONS-DUI-1", StringComparison.Ordinal)).Select(c => c.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Nothing_personal_is_stored_in_clear_and_erasure_removes_the_payloads_but_keeps_the_audit(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider, partnerFails: true);
        await using var _ = host;
        using var __ = partner;
        using var pushed = await ConsentThenPushAsync(host, () => host.EParcours.LogEntries.Any());

        await using (var connection = await OpenAsync(host))
        {
            var stored = (await connection.QueryAsync<byte[]>("SELECT document FROM submission_documents"))
                .Concat(await connection.QueryAsync<byte[]>("SELECT payload FROM delivery_payloads"))
                .Concat(await connection.QueryAsync<byte[]>("SELECT resource FROM consents"))
                .ToList();
            Assert.NotEmpty(stored);
            Assert.All(stored, bytes =>
            {
                var text = Encoding.Latin1.GetString(bytes);
                Assert.DoesNotContain("EXEMPLE", text, StringComparison.Ordinal);
                Assert.DoesNotContain(Ins, text, StringComparison.Ordinal);
                Assert.DoesNotContain("resourceType", text, StringComparison.Ordinal);
            });
            var references = (await connection.QueryAsync<string>("SELECT person_ref FROM submissions UNION SELECT person_ref FROM audit_events UNION SELECT person_ref FROM consents")).ToList();
            Assert.Single(references);
            Assert.Matches("^[0-9a-f]{64}$", references[0]);
        }

        using var erased = await host.Client.PostAsync($"/api/v1/persons/{Ins}/erasure", null);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var outcome = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, outcome.GetProperty("submissionsErased").GetInt32());

        var settled = await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        Assert.Equal("Blocked", Delivery(settled, "dui-partenaire").GetProperty("status").GetString());
        await AssertPayloadsErasedAsync(host);

        var report = await DisclosuresAsync(host);
        Assert.Single(report.GetProperty("disclosures").EnumerateArray());
        Assert.True((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task An_erasure_while_an_assessment_is_on_the_wire_records_the_disclosure_it_made_and_sends_nothing_more(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider, partnerFails: true);
        await using var _ = host;
        using var __ = partner;
        // Both recipients take 2 s to answer (the platform accepts, the partner fails): the erasure comes while
        // the assessment is being sent to each.
        host.EParcours.ResetMappings();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/fhir+json").WithBody("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}")
            .WithDelay(TimeSpan.FromSeconds(2)));
        partner.ResetMappings();
        partner.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(503).WithDelay(TimeSpan.FromSeconds(2)));
        using var pushed = await ConsentThenPushAsync(host, () => true);
        var deadline = DateTime.UtcNow + Wait;
        while ((await host.Client.GetFromJsonAsync<JsonElement>(pushed.Headers.Location!)).GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("status").GetString() != "InFlight")
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        using var erased = await host.Client.PostAsync($"/api/v1/persons/{Ins}/erasure", null);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var outcome = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, outcome.GetProperty("deliveriesBlocked").GetInt32());
        Assert.Equal(2, outcome.GetProperty("deliveriesInFlight").GetInt32());

        var settled = await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        // What reached the platform is recorded as delivered and audited as a disclosure, as it happened.
        Assert.Equal("Delivered", Delivery(settled, "eparcours").GetProperty("status").GetString());
        Assert.Single(host.EParcours.LogEntries);
        var disclosed = Assert.Single((await DisclosuresAsync(host)).GetProperty("disclosures").EnumerateArray());
        Assert.Equal("eparcours", disclosed.GetProperty("recipient").GetProperty("id").GetString());
        // The partner's failed send is not tried again, its payload being gone: no request reaches it any more
        // (three times the longest retry delay later).
        var toPartner = Delivery(settled, "dui-partenaire");
        Assert.Equal("Blocked", toPartner.GetProperty("status").GetString());
        Assert.Contains("erased or purged", toPartner.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        await AssertNothingMoreReachesAsync(partner);
        await AssertPayloadsErasedAsync(host);

        Assert.True((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify")).GetProperty("intact").GetBoolean());
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Pushes_and_consent_changes_for_one_person_at_once_are_all_stored_and_each_counts_once(StoreProvider provider)
    {
        await using var host = await GatewayTestHost.StartAsync(provider);

        // Eight assessments and six consent changes (active, inactive, ...) of one person, all at once.
        var pushes = Enumerable.Range(1, 8).Select(v => host.Client.PostAsync("/api/v1/assessments", Json(Assessment(v)))).ToList();
        var consents = Enumerable.Range(0, 6).Select(i => PostConsentAsync(host, i % 2 == 0 ? "active" : "inactive")).ToList();
        var answers = await Task.WhenAll(pushes.Concat(consents));

        Assert.All(answers.Take(8), a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.All(answers.Skip(8), a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        var consentsRecorded = answers.Skip(8).Count(a => a.StatusCode == HttpStatusCode.Created);
        await using var connection = host.OpenStore();
        // Every consent the API said it recorded is a version of its own, and each counted as a write of the registry.
        Assert.Equal(consentsRecorded, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM consents WHERE source LIKE 'api:%'"));
        Assert.Equal(8, await host.CountAsync("submissions"));
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT version FROM person_registry_versions") >= consentsRecorded);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Retention_purges_finished_payloads_only(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider, partnerFails: true);
        await using var _ = host;
        using var __ = partner;
        using var finished = await host.Client.PostAsync("/api/v1/plans", Json(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json"))));
        await host.WaitUntilSettledAsync(finished.Headers.Location!, Wait);
        using (var consent = await PostConsentAsync(host, "active"))
        {
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        }

        using var queued = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(1)));
        var store = host.Services.GetRequiredService<GatewayStore>();

        var purged = await store.PurgeFinishedPayloadsAsync(DateTimeOffset.UtcNow.AddMinutes(1), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(1, purged);
        await using var connection = await OpenAsync(host);
        Assert.Equal(["PPA-2026-0042"], await connection.QueryAsync<string>("SELECT document_id FROM submissions WHERE payload_purged_at IS NOT NULL"));
        // The queued assessment keeps its document and payloads; the purged plan has neither.
        Assert.Equal(
            ["assessment"],
            await connection.QueryAsync<string>("SELECT s.kind FROM submissions s JOIN submission_documents d ON d.submission_id = s.id"));
        Assert.Equal(
            ["assessment"],
            await connection.QueryAsync<string>(
                "SELECT DISTINCT s.kind FROM delivery_payloads p JOIN deliveries d ON d.id = p.delivery_id JOIN submissions s ON s.id = d.submission_id"));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Changing_any_audit_event_breaks_the_chain_and_both_the_endpoint_and_the_command_say_where(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;
        using var pushed = await host.Client.PostAsync("/api/v1/assessments", Json(Assessment(1)));
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, Wait);
        Assert.True((await host.Client.GetFromJsonAsync<JsonElement>("/api/v1/audit/verify")).GetProperty("intact").GetBoolean());

        await using (var connection = await OpenAsync(host))
        {
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE audit_events SET recipient_id = 'someone-else'"));
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM audit_events"));
            // Someone with the database file in hand can drop the guard; the chain still tells.
            await connection.ExecuteAsync(provider == StoreProvider.Sqlite ? "DROP TRIGGER audit_events_no_update" : "DROP TRIGGER audit_events_append_only ON audit_events");
            await connection.ExecuteAsync("UPDATE audit_events SET legal_basis = 'consent:forged' WHERE seq = (SELECT MIN(seq) FROM audit_events)");
        }

        using var response = await host.Client.GetAsync("/api/v1/audit/verify");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        long first;
        await using (var connection = await OpenAsync(host))
        {
            first = await connection.ExecuteScalarAsync<long>("SELECT MIN(seq) FROM audit_events");
        }

        Assert.Equal(first, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firstBrokenSequence").GetInt64());

        var command = Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Pcpe.Gateway.dll"), "audit-verify"])
        {
            RedirectStandardOutput = true,
            Environment =
            {
                ["Gateway__Store__Provider"] = provider.ToString(),
                ["Gateway__Store__ConnectionString"] = host.ConnectionString,
                ["Gateway__Store__PayloadKey"] = TestEnvironment.PayloadKey,
            },
        })!;
        var output = await command.StandardOutput.ReadToEndAsync();
        await command.WaitForExitAsync();
        Assert.Equal(2, command.ExitCode);
        Assert.Contains($"BROKEN at event {first}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_DMP_opposition_posted_on_its_own_is_checked_against_its_profile_and_kept_in_the_persons_history()
    {
        var (host, partner) = await StartAsync(StoreProvider.Sqlite);
        await using var _ = host;
        using var __ = partner;
        var opposition = $$"""
            {
              "resourceType": "Consent",
              "identifier": [{ "system": "https://dui.example/consents", "value": "DMP-1" }],
              "status": "active",
              "scope": { "coding": [{ "system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy" }] },
              "category": [{ "coding": [{ "system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-concepts", "code": "dmp-feeding" }] }],
              "patient": { "identifier": { "system": "urn:oid:1.2.250.1.213.1.4.10", "value": "{{Ins}}" } },
              "organization": [{ "identifier": { "system": "https://finess.esante.gouv.fr", "value": "{{GatewayTestHost.Structure}}" } }],
              "policyRule": { "coding": [{ "system": "https://pcpe-gateway.example/fhir/CodeSystem/pcpe-concepts", "code": "dmp-feeding" }] },
              "provision": { "type": "deny" }
            }
            """;

        using var posted = await host.Client.PostAsync("/fhir/Consent", new StringContent(opposition, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var history = await host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{Ins}/consents");
        Assert.Contains(history.EnumerateArray(), c => c.GetProperty("identifier").GetString() == $"{GatewayTestHost.Structure}/dmp-feeding" && c.GetProperty("status").GetString() == "dmp-opposition");
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_disclosure_consent_named_like_the_care_team_record_is_refused_pushed_or_posted_and_records_nothing(StoreProvider provider)
    {
        // Kept under the structure's care-team record identifier, it would replace an opposition with consent terms.
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;
        var assessment = JsonNode.Parse(Assessment(1))!;
        assessment["sharing"]!["consents"]![0]!["id"] = "care-team-sharing";

        using var pushed = await host.Client.PostAsync("/api/v1/assessments", Json(assessment.ToJsonString()));
        using var posted = await host.Client.PostAsync("/fhir/Consent", new StringContent(PartnerConsent("active").Replace("CONS-DUI-1", "care-team-sharing", StringComparison.Ordinal), Encoding.UTF8, "application/fhir+json"));

        foreach (var (response, expression) in new[] { (pushed, "$.sharing.consents[0].id"), (posted, "Consent.identifier[0].value") })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var outcome = FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsByteArrayAsync());
            var issue = Assert.Single(outcome.Issue);
            Assert.Equal([expression], issue.Expression);
            Assert.Contains("care-team sharing record", issue.Diagnostics, StringComparison.Ordinal);
        }

        Assert.Equal(0, await host.CountAsync("consents"));
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_consent_that_is_not_one_gets_a_precise_answer_and_records_nothing(StoreProvider provider)
    {
        var (host, partner) = await StartAsync(provider);
        await using var _ = host;
        using var __ = partner;
        var bad = PartnerConsent("active").Replace("\"type\": \"deny\"", "\"type\": \"permit\"", StringComparison.Ordinal).Replace(PartnerFiness, "750803448", StringComparison.Ordinal);

        using var response = await host.Client.PostAsync("/fhir/Consent", new StringContent(bad, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Consent.provision.type"));
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Consent.provision.provision[0].actor[0].reference.identifier"));
        Assert.DoesNotContain("750803448", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.CountAsync("consents"));
    }
}
