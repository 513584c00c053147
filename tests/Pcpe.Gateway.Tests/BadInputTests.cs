using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// Inputs that once broke the gateway (500, often with an empty body) or were accepted when they must not
/// be: each now gets a 4xx OperationOutcome that locates the problem without quoting it, and leaves
/// nothing stored.
/// </summary>
public class BadInputTests
{
    private static JsonNode Sample(string name) => JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(name)))!;

    private static ByteArrayContent Json(string body, string contentType = "application/json")
        => Json(Encoding.UTF8.GetBytes(body), contentType);

    private static ByteArrayContent Json(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static async Task<List<OperationOutcome.IssueComponent>> RefusalAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        return FhirJson.Deserialize<OperationOutcome>(body).Issue;
    }

    private static async Task AssertNothingStoredAsync(GatewayTestHost host)
    {
        Assert.Equal(0, await host.CountAsync("submissions"));
        Assert.Equal(0, await host.CountAsync("deliveries"));
        Assert.Equal(0, await host.CountAsync("consents"));
    }

    // The sample plan as the FHIR transaction Bundle the gateway itself maps it to (what a DUI may push to /fhir).
    private static Task<JsonNode> PlanBundleAsync(GatewayTestHost host) => PlanBundleAsync(host.Client, "plan-minimal.json");

    /// <summary>A sample plan as the transaction Bundle a DUI would push to /fhir: the gateway's own mapping of it, without its Provenance.</summary>
    internal static async Task<JsonNode> PlanBundleAsync(HttpClient client, string sample)
    {
        using var preview = await client.PostAsync("/api/v1/$preview", Json(Sample(sample).ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var bundle = JsonNode.Parse(await preview.Content.ReadAsStringAsync())!;
        // The Provenance is the gateway's own: a DUI does not send it.
        var entries = bundle["entry"]!.AsArray();
        foreach (var provenance in entries.Where(e => (string?)e!["resource"]!["resourceType"] == "Provenance").ToList())
        {
            entries.Remove(provenance);
        }

        return bundle;
    }

    public static TheoryData<string, string, string> NullElements() => new()
    {
        { "/api/v1/plans", "plan-full.json", "needs" },
        { "/api/v1/plans", "plan-full.json", "services" },
        { "/api/v1/plans", "plan-full.json", "goals" },
        { "/api/v1/plans", "plan-full.json", "familySupport" },
        { "/api/v1/plans", "plan-full.json", "relatedParties" },
        { "/api/v1/plans", "plan-full.json", "sharing.consents" },
        { "/api/v1/plans", "plan-full.json", "person.givenNames" },
        { "/api/v1/assessments", "assessment.json", "evaluators" },
        { "/api/v1/assessments", "assessment.json", "findings" },
        { "/api/v1/assessments", "assessment.json", "reports" },
        { "/api/v1/transitions", "transition.json", "steps" },
        { "/api/v1/transitions", "transition.json", "handover.needs" },
        { "/api/v1/transitions", "transition.json", "handover.currentServices" },
    };

    [Theory]
    [MemberData(nameof(NullElements))]
    public async Task A_null_list_element_anywhere_in_PCPE_JSON_is_located_and_refused(string path, string sample, string list)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var document = Sample(sample);
        var parent = list.Split('.')[..^1].Aggregate(document, (node, step) => node[step]!);
        var name = list.Split('.')[^1];
        var elements = parent[name] as JsonArray ?? [];
        parent[name] = elements;
        elements.Add(null);

        using var response = await host.Client.PostAsync(path, Json(document.ToJsonString()));

        var issue = Assert.Single(await RefusalAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal($"$.{list}[{elements.Count - 1}]", Assert.Single(issue.Expression));
        Assert.Equal("a list element must not be null: leave it out", issue.Diagnostics);
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("/fhir", "[]", "Bundle", "a FHIR Bundle is a JSON object")]
    [InlineData("/fhir/Consent", "[]", "Consent", "a FHIR Consent is a JSON object")]
    [InlineData("/fhir", "{\"\":\"\"}", "Bundle", "a property has an empty name")]
    [InlineData("/fhir/Consent", "{\"resourceType\":\"Consent\",\"\":1}", "Consent", "a property has an empty name")]
    [InlineData("/fhir", "{\"resourceType\":\"Bundle\",\"type\":[],\"type\":\"transaction\"}", "Bundle.type", "this property appears twice in the same object")]
    [InlineData("/fhir/Consent", "{\"resourceType\":\"Consent\",\"status\":\"active\",\"status\":{}}", "Consent.status", "this property appears twice in the same object")]
    [InlineData("/fhir", "{\"resourceType\":\"bundle\",\"type\":\"transaction\"}", "Bundle.resourceType", "resourceType must be \"Bundle\" (FHIR names are case-sensitive)")]
    [InlineData("/api/v1/plans", "[{}]", "$", "the document must be a JSON object")]
    [InlineData("/api/v1/plans", "\"plan\"", "$", "the document must be a JSON object")]
    public async Task A_body_no_deserializer_reads_is_named_for_what_it_is(string path, string body, string location, string message)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        using var response = await host.Client.PostAsync(path, Json(body, "application/fhir+json"));

        var issues = await RefusalAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(issues, i => i.Expression.SequenceEqual([location]) && i.Diagnostics == message);
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("12345", "an INS has 15 characters")]
    [InlineData("2951099126111AB", "the INS key (last 2 characters) must be digits")]
    [InlineData("295109912611194", "the INS key (last 2 digits) does not match the number")]
    public async Task A_consent_for_a_mistyped_INS_is_refused_as_a_plan_for_it_would_be(string ins, string reason)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        using var response = await host.Client.PostAsync("/fhir/Consent", Json(DisclosureConsent(ins, "urn:oid:1.2.250.1.213.1.4.8"), "application/fhir+json"));

        var issue = Assert.Single(await RefusalAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["Consent.patient.identifier.value"], issue.Expression);
        Assert.StartsWith(reason, issue.Diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain(ins, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task A_consent_for_a_test_INS_is_refused_where_test_identities_are()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite, new() { ["Gateway:AcceptTestIdentities"] = "false" });

        using var response = await host.Client.PostAsync("/fhir/Consent", Json(DisclosureConsent("295109912611193", "urn:oid:1.2.250.1.213.1.4.10"), "application/fhir+json"));

        var issue = Assert.Single(await RefusalAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["Consent.patient.identifier.system"], issue.Expression);
        Assert.Equal("test and demonstration INS are refused by this gateway", issue.Diagnostics);
        await AssertNothingStoredAsync(host);
    }

    // The consent of the sharing tests, for another person.
    private static string DisclosureConsent(string ins, string system) => System.Text.RegularExpressions.Regex.Replace(
        SharingTests.PartnerConsent("active"),
        "\"patient\": \\{[^}]*\\}",
        $$"""
        "patient": { "identifier": { "system": "{{system}}", "value": "{{ins}}" }
        """.Trim());

    [Fact]
    public async Task A_birth_date_in_the_future_is_refused_in_PCPE_JSON_and_over_FHIR()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var tomorrowEverywhere = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(14)).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var plan = Sample("plan-minimal.json");
        plan["person"]!["birthDate"] = tomorrowEverywhere;
        var bundle = await PlanBundleAsync(host);
        var patient = bundle["entry"]!.AsArray().Single(e => (string?)e!["resource"]!["resourceType"] == "Patient")!["resource"]!;
        patient["birthDate"] = tomorrowEverywhere;

        using var pushed = await host.Client.PostAsync("/api/v1/plans", Json(plan.ToJsonString()));
        using var posted = await host.Client.PostAsync("/fhir", Json(bundle.ToJsonString(), "application/fhir+json"));

        Assert.Contains(await RefusalAsync(pushed, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["$.person.birthDate"]) && i.Diagnostics == "the birth date is dated in the future");
        var patientAt = bundle["entry"]!.AsArray().Select((e, i) => (e, i)).Single(p => (string?)p.e!["resource"]!["resourceType"] == "Patient").i;
        Assert.Contains(await RefusalAsync(posted, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual([$"Bundle.entry[{patientAt}].resource.birthDate"]) && i.Diagnostics == "the birth date is dated in the future");
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task A_problem_the_checks_find_in_a_pushed_Bundle_is_located_in_that_Bundle()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var bundle = await PlanBundleAsync(host);
        var entries = bundle["entry"]!.AsArray();
        var patientAt = entries.Select((e, i) => (e, i)).Single(p => (string?)p.e!["resource"]!["resourceType"] == "Patient").i;
        var patient = entries[patientAt]!["resource"]!;
        var insAt = patient["identifier"]!.AsArray().Select((e, i) => (e, i)).Single(p => ((string?)p.e!["system"])!.StartsWith("urn:oid:1.2.250.1.213.1.4.", StringComparison.Ordinal)).i;
        patient["identifier"]![insAt]!["value"] = "295109912611194"; // wrong key
        patient["name"]![0]!["family"] = new string('N', 201);
        var needAt = entries.Select((e, i) => (e, i)).First(p => (string?)p.e!["resource"]!["resourceType"] == "ServiceRequest").i;
        entries[needAt]!["resource"]!["category"]![0]!["coding"]![0]!["code"] = "9.9.9";

        using var posted = await host.Client.PostAsync("/fhir", Json(bundle.ToJsonString(), "application/fhir+json"));

        var issues = await RefusalAsync(posted, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(issues, i => i.Expression.SequenceEqual([$"Bundle.entry[{patientAt}].resource.identifier[{insAt}].value"]) && i.Diagnostics!.StartsWith("the INS key", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Expression.SequenceEqual([$"Bundle.entry[{patientAt}].resource.name[0].family"]) && i.Diagnostics == "at most 200 characters here");
        Assert.Contains(issues, i => i.Expression.Single()!.StartsWith($"Bundle.entry[{needAt}].resource", StringComparison.Ordinal) && i.Code == OperationOutcome.IssueType.CodeInvalid);
        Assert.All(issues, i => Assert.StartsWith("Bundle", i.Expression.Single()!, StringComparison.Ordinal));
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("searchset")]
    [InlineData("document")]
    [InlineData("collection")]
    public async Task A_Bundle_that_is_not_a_transaction_is_refused_by_POST_fhir(string type)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var bundle = await PlanBundleAsync(host);
        bundle["type"] = type;

        using var posted = await host.Client.PostAsync("/fhir", Json(bundle.ToJsonString(), "application/fhir+json"));

        Assert.Contains(await RefusalAsync(posted, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["Bundle.type"])
            && i.Diagnostics == $"POST /fhir takes a transaction Bundle (GET /fhir/metadata); this one's type is {type}");
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task Entries_that_are_no_part_of_a_document_are_named_instead_of_dropped_unseen()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var bundle = await PlanBundleAsync(host);
        var entries = bundle["entry"]!.AsArray();
        entries.Add(JsonNode.Parse("""{"fullUrl":"urn:uuid:0f3c7d5e-0000-4000-8000-000000000001","resource":{"resourceType":"Medication","status":"active"},"request":{"method":"POST","url":"Medication"}}"""));
        var crowded = await PlanBundleAsync(host);
        for (var i = 0; i < 10_000; i++)
        {
            crowded["entry"]!.AsArray().Add(JsonNode.Parse($$$"""{"fullUrl":"urn:uuid:0f3c7d5e-0000-4000-8000-{{{i:D12}}}","resource":{"resourceType":"Basic","code":{"text":"x"}},"request":{"method":"POST","url":"Basic"}}"""));
        }

        using var posted = await host.Client.PostAsync("/fhir", Json(bundle.ToJsonString(), "application/fhir+json"));
        using var flooded = await host.Client.PostAsync("/fhir", Json(crowded.ToJsonString(), "application/fhir+json"));

        var issue = Assert.Single(await RefusalAsync(posted, HttpStatusCode.UnprocessableEntity));
        Assert.Equal([$"Bundle.entry[{entries.Count - 1}].resource"], issue.Expression);
        Assert.StartsWith("this Medication is not part of a PCPE document", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Contains(await RefusalAsync(flooded, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["Bundle.entry"]) && i.Diagnostics!.StartsWith("at most 1000 entries", StringComparison.Ordinal));
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task Dates_of_a_document_are_checked_against_the_birth_and_today()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plan = Sample("plan-minimal.json");
        plan["person"]!["birthDate"] = "2026-10-01"; // after the plan's start, 2026-09-01
        var assessment = Sample("assessment.json");
        assessment["date"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var old = Sample("plan-minimal.json");
        old["person"]!["birthDate"] = "1899-12-31";

        using var early = await host.Client.PostAsync("/api/v1/plans", Json(plan.ToJsonString()));
        using var future = await host.Client.PostAsync("/api/v1/assessments", Json(assessment.ToJsonString()));
        using var ancient = await host.Client.PostAsync("/api/v1/plans", Json(old.ToJsonString()));

        Assert.Contains(await RefusalAsync(early, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["$.period.start"]) && i.Diagnostics == "the plan starts before the person's birth date");
        Assert.Contains(await RefusalAsync(future, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["$.date"]) && i.Diagnostics == "the assessment is dated in the future");
        Assert.Contains(await RefusalAsync(ancient, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["$.person.birthDate"]) && i.Diagnostics == "a birth date before 1900: check for a typing error");
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0007")]
    [InlineData("\u001b[31m")]
    public async Task Control_characters_in_text_are_refused_in_PCPE_JSON_and_over_FHIR(string control)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plan = Sample("plan-minimal.json");
        plan["title"] = "Projet" + control + " 2026";
        var bundle = await PlanBundleAsync(host);
        var carePlan = bundle["entry"]!.AsArray().Single(e => (string?)e!["resource"]!["resourceType"] == "CarePlan")!["resource"]!;
        carePlan["title"] = "Projet" + control + " 2026";

        using var pushed = await host.Client.PostAsync("/api/v1/plans", Json(plan.ToJsonString()));
        using var posted = await host.Client.PostAsync("/fhir", Json(bundle.ToJsonString(), "application/fhir+json"));

        const string Message = "control characters (U+0000 to U+001F other than tab, line feed and carriage return) are not allowed in text";
        Assert.Contains(await RefusalAsync(pushed, HttpStatusCode.UnprocessableEntity), i => i.Expression.SequenceEqual(["$.title"]) && i.Diagnostics == Message);
        var fhirIssue = Assert.Single(await RefusalAsync(posted, HttpStatusCode.UnprocessableEntity), i => i.Diagnostics == Message);
        Assert.Matches(@"^Bundle\.entry\[\d+\]\.resource\.title$", Assert.Single(fhirIssue.Expression));
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task An_oversized_text_field_is_refused_with_its_limit()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plan = Sample("plan-minimal.json");
        plan["person"]!["familyName"] = new string('A', 4_900_000);
        plan["needs"]![0]!["description"] = new string('b', TextLimits.Narrative + 1);

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(plan.ToJsonString()));

        var issues = await RefusalAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(issues, i => i.Expression.SequenceEqual(["$.person.familyName"]) && i.Diagnostics == "at most 200 characters here");
        Assert.Contains(issues, i => i.Expression.SequenceEqual(["$.needs[0].description"]) && i.Diagnostics == "at most 10000 characters here");
        Assert.True(response.Content.Headers.ContentLength < 2000);
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_compressed_body_declared_by_its_Content_Encoding_is_read(string encoding)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plain = File.ReadAllBytes(TestEnvironment.Sample("plan-minimal.json"));
        using var compressed = new MemoryStream();
        await using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
            _ => new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true),
        })
        {
            await compressor.WriteAsync(plain);
        }

        var content = Json(compressed.ToArray());
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await host.Client.PostAsync("/api/v1/plans", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, await host.CountAsync("submissions"));
    }

    [Theory]
    [InlineData("x-junk", HttpStatusCode.UnsupportedMediaType, "the request's Content-Encoding is not supported: send the body as it is, or with Content-Encoding gzip, br or deflate")]
    [InlineData("compress", HttpStatusCode.UnsupportedMediaType, "the request's Content-Encoding is not supported: send the body as it is, or with Content-Encoding gzip, br or deflate")]
    [InlineData("br", HttpStatusCode.BadRequest, "the body does not decode with the Content-Encoding it declares (gzip, br or deflate)")]
    [InlineData("gzip", HttpStatusCode.BadRequest, "the body does not decode with the Content-Encoding it declares (gzip, br or deflate)")]
    public async Task A_body_whose_encoding_the_gateway_cannot_decode_is_refused_for_that(string encoding, HttpStatusCode status, string message)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        // Plain JSON, declared as encoded.
        var content = Json(File.ReadAllBytes(TestEnvironment.Sample("plan-minimal.json")));
        content.Headers.ContentEncoding.Add(encoding);

        using var response = await host.Client.PostAsync("/api/v1/plans", content);

        Assert.Equal(message, Assert.Single(await RefusalAsync(response, status)).Diagnostics);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_as_too_large_once_decompressed_past_the_limit()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 64; i++)
            {
                await gzip.WriteAsync(spaces);
            }
        }

        Assert.True(compressed.Length < 200_000);
        var content = Json(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await host.Client.PostAsync("/api/v1/plans", content);

        Assert.Equal("documents are limited to 5242880 bytes", Assert.Single(await RefusalAsync(response, HttpStatusCode.RequestEntityTooLarge)).Diagnostics);
        await AssertNothingStoredAsync(host);
    }

    [Theory]
    [InlineData("POST", "/api/v1/deliveries/not-a-guid/replay", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/plans", HttpStatusCode.MethodNotAllowed)]
    public async Task A_request_no_endpoint_takes_still_gets_an_OperationOutcome(string method, string path, HttpStatusCode status)
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.NotEmpty(Assert.Single(await RefusalAsync(response, status)).Diagnostics!);
    }

    [Fact]
    public async Task An_unexpected_failure_answers_an_OperationOutcome_with_a_correlation_id_and_logs_no_message()
    {
        using var log = new LogFile();
        const string Canary = "clock broke on 295109912611193";
        await using (var host = await GatewayTestHost.StartAsync(
            StoreProvider.Sqlite,
            log.Settings(),
            services: s => s.AddSingleton(new ValidationPolicy { AcceptTestIdentities = true, Clock = new BrokenClock(Canary) })))
        {
            using var response = await host.Client.PostAsync("/api/v1/plans", Json(Sample("plan-minimal.json").ToJsonString()));

            var body = await response.Content.ReadAsStringAsync();
            var issue = Assert.Single(await RefusalAsync(response, HttpStatusCode.InternalServerError));
            Assert.Equal(OperationOutcome.IssueType.Exception, issue.Code);
            var correlationId = System.Text.RegularExpressions.Regex.Match(issue.Diagnostics ?? string.Empty, @"correlation id ([^)]+)\)").Groups[1].Value;
            Assert.NotEmpty(correlationId);
            Assert.DoesNotContain(Canary, body, StringComparison.Ordinal);
            Assert.DoesNotContain("BrokenClock", body, StringComparison.Ordinal);
            await AssertNothingStoredAsync(host);

            var lines = log.Lines();
            Assert.Contains(lines, l => l.Template.StartsWith("Request {CorrelationId} failed unexpectedly", StringComparison.Ordinal)
                && l.Line.Contains(correlationId, StringComparison.Ordinal) && l.Line.Contains(nameof(InvalidTimeZoneException), StringComparison.Ordinal));
            LogFile.AssertNoneCarries(lines, [Canary, "295109912611193"]);
        }
    }

    // A defect deep in the checks, with a message that quotes input.
    private sealed class BrokenClock(string message) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidTimeZoneException(message);
    }
}
