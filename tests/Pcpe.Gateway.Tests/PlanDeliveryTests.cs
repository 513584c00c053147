using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using MimeKit;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// A plan pushed over HTTP travels end to end: committed, mapped, relayed to the e-parcours stand-in
/// as a FHIR transaction and mailed to the hospital through the real Postfix. Run on both stores.
/// </summary>
public abstract class PlanDeliveryTests(StoreProvider provider)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    private static JsonObject SamplePlan() => JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!.AsObject();

    /// <summary>Only the hospital route, the mailbox authenticated by OAuth2 client credentials.</summary>
    private static Dictionary<string, string?> HospitalByOAuth2(string clientSecret) => new()
    {
        ["Gateway:Routes:0:Recipients:0"] = "hopital",
        ["Gateway:Routes:0:Recipients:1"] = null,
        ["Gateway:Mss:Sender:Smtp:Authentication"] = "OAuth2",
        ["Gateway:Mss:Sender:Smtp:UserName"] = TestEnvironment.GatewayMailbox,
        ["Gateway:Mss:Sender:FromAddress"] = TestEnvironment.GatewayMailbox,
        ["Gateway:Mss:Sender:Smtp:ClientCertificatePath"] = null,
        ["Gateway:Mss:OAuth:TokenEndpoint"] = TestEnvironment.OAuthTokenEndpoint,
        ["Gateway:Mss:OAuth:ClientId"] = TestEnvironment.OAuthClientId,
        ["Gateway:Mss:OAuth:ClientSecret"] = clientSecret,
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    [Fact]
    public async Task A_pushed_plan_is_delivered_to_the_e_parcours_platform_and_mailed_to_the_hospital()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = accepted.GetProperty("submissionId").GetGuid();
        Assert.Equal($"/api/v1/submissions/{id}", response.Headers.Location!.ToString());

        var submission = await host.WaitUntilSettledAsync(response.Headers.Location, Settle);
        var deliveries = submission.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("recipientId").GetString()!);
        Assert.Equal(["eparcours", "hopital"], deliveries.Keys.Order(StringComparer.Ordinal));
        Assert.All(deliveries.Values, d =>
        {
            Assert.Equal("Delivered", d.GetProperty("status").GetString());
            Assert.Equal("care-team:L1110-12", d.GetProperty("legalBasis").GetString());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
        });

        // The e-parcours platform received one FHIR transaction addressed by business identifiers.
        var call = Assert.Single(host.EParcours.LogEntries);
        Assert.StartsWith("application/fhir+json", call.RequestMessage.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        var bundle = FhirJson.Deserialize<Bundle>(call.RequestMessage.Body!);
        Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
        var carePlanEntry = bundle.Entry.Single(e => e.Resource is CarePlan);
        Assert.Equal(Bundle.HTTPVerb.PUT, carePlanEntry.Request!.Method);
        Assert.Contains("identifier=", carePlanEntry.Request.Url, StringComparison.Ordinal);
        Assert.Equal("PPA", ((CarePlan)carePlanEntry.Resource!).Category[0].Coding[0].Code);
        // It says who pushed it and when: the gateway's Provenance, written on a stable id.
        var provenanceEntry = bundle.Entry.Single(e => e.Resource is Provenance);
        var provenance = (Provenance)provenanceEntry.Resource!;
        Assert.Equal($"Provenance/{provenance.Id}", provenanceEntry.Request!.Url);
        Assert.Equal("anonymous", provenance.Agent.Single(a => a.Type!.Coding[0].Code == "assembler").Who!.Identifier!.Value);
        Assert.InRange(provenance.Recorded!.Value, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow);
        Assert.Contains(provenance.Target, t => t.Reference == carePlanEntry.FullUrl);

        // The hospital got the MSSanté message from the gateway's applicative mailbox.
        var hospitalDelivery = deliveries["hopital"].GetProperty("id").GetGuid();
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{hospitalDelivery:N}@pcpe.test", Settle);
        Assert.Equal(TestEnvironment.GatewayItMailbox, mail.From.Mailboxes.Single().Address);
        Assert.Equal("Transmission : Projet personnalisé d'accompagnement", mail.Subject);
        Assert.Equal("PCPE-GATEWAY-TEST", mail.Headers["X-MSS-NIL"]);
        // This gateway reads no mailbox: it asks for no receipt that nobody would read.
        Assert.Null(mail.Headers[HeaderId.DispositionNotificationTo]);
        // A CDA R2 N1 travels (MSSanté référentiel #2): its code and whether it holds a qualified INS.
        Assert.Equal("80788-3", mail.Headers["X-MSS-CODECDA"]);
        Assert.Equal("O", mail.Headers["X-MSS-INS"]);
        var attachments = mail.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["IHE_XDM.ZIP", "DOCUMENT.PDF"], attachments.Select(a => a.FileName));
        var zip = await Decoded(attachments[0]);
        var attachedPdf = await Decoded(attachments[1]);

        // Read by the gateway's own XDM reader (which checks hashes and sizes)...
        var package = Pcpe.Mss.Xdm.XdmPackageReader.Read(zip);
        Assert.Equal(("295109912611193", "1.2.250.1.213.1.4.10"), package.Ins);
        var cdaFile = Assert.Single(package.Documents);
        Assert.Equal(("DOC0001.XML", "text/xml"), (cdaFile.Uri, cdaFile.MimeType));

        // ...and by an independent one: the codes of the CI-SIS value sets, no free defaults.
        var independent = await IndependentXdmReader.ReadAsync(zip);
        Assert.Empty(independent.GetProperty("problems").EnumerateArray());
        var entry = Assert.Single(independent.GetProperty("documents").EnumerateArray().ToList());
        Assert.Equal("DOC0001.XML", entry.GetProperty("uri").GetString());
        Assert.Equal(("80788-3", "2.16.840.1.113883.6.1"), Code(entry, "typeCode"));
        Assert.Equal(("44", "1.2.250.1.213.1.1.4.1"), Code(entry, "classCode"));
        Assert.Equal(("urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3"), Code(entry, "formatCode"));
        Assert.Equal(("SA16", "1.2.250.1.71.4.2.4"), Code(entry, "healthcareFacilityTypeCode"));
        Assert.Equal(("ESSMS", "1.2.250.1.213.1.1.4.9"), Code(entry, "practiceSettingCode"));
        Assert.Equal(("N", "2.16.840.1.113883.5.25"), Code(entry, "confidentialityCode"));
        Assert.Equal("295109912611193^^^&1.2.250.1.213.1.4.10&ISO", entry.GetProperty("patientId").GetString());
        Assert.Equal("295109912611193^^^&1.2.250.1.213.1.4.10&ISO", independent.GetProperty("submissionSet").GetProperty("patientId").GetString());

        // The CDA passes the ANS check, names the same document as METADATA.XML, and embeds the PDF attached.
        var cdaPath = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(cdaPath, cdaFile.Content);
        var (valid, report) = await CdaValidation.ValidateAsync([cdaPath]);
        File.Delete(cdaPath);
        Assert.True(valid, report);
        var cda = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(cdaFile.Content)).Root!;
        System.Xml.Linq.XNamespace hl7 = "urn:hl7-org:v3";
        Assert.Equal(entry.GetProperty("uniqueId").GetString(), cda.Element(hl7 + "id")!.Attribute("root")!.Value);
        Assert.Equal(attachedPdf, Convert.FromBase64String(cda.Descendants(hl7 + "nonXMLBody").Single().Element(hl7 + "text")!.Value));
        var pdfText = await PdfText.ExtractAsync(attachedPdf);
        Assert.Contains("Projet personnalisé d'accompagnement 2026-2027", pdfText, StringComparison.Ordinal);
        Assert.Contains("1.2.1.1 Besoins en lien avec l'entretien personnel", pdfText, StringComparison.Ordinal);
        Assert.Contains("Accompagnement de la scolarité par une éducatrice", pdfText, StringComparison.Ordinal);
        Assert.Contains("« Projet personnalisé d'accompagnement »", System.Net.WebUtility.HtmlDecode(mail.HtmlBody), StringComparison.Ordinal);
        Assert.DoesNotContain("DEMO", mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Camille", mail.Subject + mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_version_replaces_the_one_the_hospital_received_same_set_next_version_and_an_RPLC_association()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Gateway:Routes:0:Recipients:0"] = "hopital",
            ["Gateway:Routes:0:Recipients:1"] = null,
        });
        System.Xml.Linq.XNamespace hl7 = "urn:hl7-org:v3";
        async Task<(JsonElement Entry, JsonElement Xdm, System.Xml.Linq.XElement Cda)> SendAsync(int version)
        {
            var plan = SamplePlan();
            plan["version"] = version;
            using var response = await host.Client.PostAsync("/api/v1/plans", Json(plan));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);
            var delivery = submission.GetProperty("deliveries").EnumerateArray().Single();
            Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
            var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{delivery.GetProperty("id").GetGuid():N}@pcpe.test", Settle);
            var zip = await Decoded(mail.Attachments.OfType<MimePart>().First());
            var xdm = await IndependentXdmReader.ReadAsync(zip);
            var cda = Pcpe.Mss.Xdm.XdmPackageReader.Read(zip).Documents.Single().Content;
            return (xdm.GetProperty("documents")[0], xdm, System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(cda)).Root!);
        }

        var first = await SendAsync(1);
        var second = await SendAsync(2);

        Assert.Null(first.Cda.Element(hl7 + "relatedDocument"));
        Assert.DoesNotContain(first.Xdm.GetProperty("associations").EnumerateArray(), a => a.GetProperty("type").GetString()!.EndsWith("RPLC", StringComparison.Ordinal));
        Assert.Equal(first.Cda.Element(hl7 + "setId")!.Attribute("root")!.Value, second.Cda.Element(hl7 + "setId")!.Attribute("root")!.Value);
        Assert.Equal(("1", "2"), (first.Cda.Element(hl7 + "versionNumber")!.Attribute("value")!.Value, second.Cda.Element(hl7 + "versionNumber")!.Attribute("value")!.Value));
        Assert.NotEqual(first.Entry.GetProperty("uniqueId").GetString(), second.Entry.GetProperty("uniqueId").GetString());
        var parent = second.Cda.Element(hl7 + "relatedDocument")!;
        Assert.Equal("RPLC", parent.Attribute("typeCode")!.Value);
        Assert.Equal(first.Entry.GetProperty("uniqueId").GetString(), parent.Descendants(hl7 + "id").Single().Attribute("root")!.Value);
        var replacement = Assert.Single(second.Xdm.GetProperty("associations").EnumerateArray(), a => a.GetProperty("type").GetString() == "urn:ihe:iti:2007:AssociationType:RPLC");
        Assert.Equal(second.Entry.GetProperty("id").GetString(), replacement.GetProperty("source").GetString());
        Assert.Equal(first.Entry.GetProperty("id").GetString(), replacement.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("/api/v1/assessments", "assessment.json", "Observation")]
    [InlineData("/api/v1/transitions", "transition.json", "CarePlan")]
    public async Task Assessments_and_transition_plans_travel_like_plans(string endpoint, string sample, string mainResource)
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Gateway:Recipients:hopital:AttachFhirBundle"] = "true" });
        var body = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(sample)))!;

        using var response = await host.Client.PostAsync(endpoint, Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        Assert.All(submission.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
        var bundle = FhirJson.Deserialize<Bundle>(Assert.Single(host.EParcours.LogEntries).RequestMessage.Body!);
        Assert.Contains(bundle.Entry, e => e.Resource!.TypeName == mainResource && e.Resource.Meta!.Profile.Any());
        Assert.Empty(Pcpe.Fhir.Conformance.ConformanceChecker.Embedded.Check(bundle));
        Assert.Empty(OfficialFhirValidation.Problems(bundle));

        var hospital = submission.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("recipientId").GetString() == "hopital").GetProperty("id").GetGuid();
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{hospital:N}@pcpe.test", Settle);
        var package = Pcpe.Mss.Xdm.XdmPackageReader.Read(await Decoded(mail.Attachments.OfType<MimePart>().First()));
        Assert.Equal(["text/xml", "application/fhir+json"], package.Documents.Select(d => d.MimeType));
        Assert.Equal(mail.Headers["X-MSS-CODECDA"], package.Documents[0].TypeCode!.Code);

        // This hospital asked for the FHIR document as well: a Composition with readable sections, then the resources.
        var document = FhirJson.Deserialize<Bundle>(package.Documents[1].Content);
        Assert.Equal(Bundle.BundleType.Document, document.Type);
        Assert.IsType<Composition>(document.Entry[0].Resource);
        Assert.Empty(Pcpe.Fhir.Conformance.ConformanceChecker.Embedded.Check(document));
        Assert.Empty(OfficialFhirValidation.Problems(document));
    }

    private static async Task<byte[]> Decoded(MimePart part)
    {
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content);
        return content.ToArray();
    }

    private static (string? Code, string? Scheme) Code(JsonElement entry, string name)
        => (entry.GetProperty(name).GetProperty("code").GetString(), entry.GetProperty(name).GetProperty("scheme").GetString());

    [Fact]
    public async Task A_bad_assessment_is_refused_with_every_problem_and_nothing_is_stored()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        var body = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("assessment.json")))!;
        body["needs"]![0]!["code"] = "9.9.9";
        body["evaluators"]![0]!["rpps"] = "10005555552";

        using var response = await host.Client.PostAsync("/api/v1/assessments", Json(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["$.evaluators[0].rpps", "$.needs[0].code"], outcome.Issue.Select(i => i.Expression.Single()).Order(StringComparer.Ordinal));
        Assert.Null(response.Headers.Location);
        Assert.Empty(host.EParcours.LogEntries);
    }

    [Fact]
    public async Task A_TDDUI_style_FHIR_transaction_is_accepted_on_POST_fhir_and_relayed_in_the_gateway_profiles()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        // What another DUI would send: TDDUI identifiers and codes, none of the gateway's profiles or extensions.
        var pipeline = new Pcpe.Fhir.Input.DocumentPipeline(Pcpe.Fhir.Terminology.TerminologyIndex.Embedded, new Pcpe.Fhir.Input.ValidationPolicy { AcceptTestIdentities = true }, null);
        var tddui = pipeline.Prepare(Pcpe.Fhir.Model.DocumentKinds.Plan, Encoding.UTF8.GetBytes(SamplePlan().ToJsonString())).Document!.Bundle;
        foreach (var resource in tddui.Entry.Select(e => e.Resource!))
        {
            resource.Meta = null;
            (resource as DomainResource)?.Extension.RemoveAll(x => x.Url!.StartsWith(Pcpe.Fhir.Terminology.CodeSystems.GatewayBase, StringComparison.Ordinal));
        }

        using var response = await host.Client.PostAsync("/fhir", new ByteArrayContent(FhirJson.SerializeToUtf8(tddui)) { Headers = { ContentType = new MediaTypeHeaderValue("application/fhir+json") } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);
        Assert.All(submission.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("status").GetString()));
        var relayed = FhirJson.Deserialize<Bundle>(Assert.Single(host.EParcours.LogEntries).RequestMessage.Body!);
        Assert.Empty(Pcpe.Fhir.Conformance.ConformanceChecker.Embedded.Check(relayed));
        Assert.Empty(OfficialFhirValidation.Problems(relayed));
        Assert.Equal("3340000017/U-000123-PPER-PPA-2026-0042", relayed.Entry.Select(e => e.Resource).OfType<CarePlan>().Single().Identifier[0].Value);
    }

    [Fact]
    public async Task Unreadable_FHIR_on_POST_fhir_is_refused_with_locations_and_without_echoing_values()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        const string body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":\"le 3 mai\"}}]}";

        using var response = await host.Client.PostAsync("/fhir", new StringContent(body, Encoding.UTF8, "application/fhir+json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsByteArrayAsync());
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal("Bundle.entry[0].resource.birthDate", issue.Expression.Single());
        Assert.DoesNotContain("le 3 mai", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CapabilityStatement_and_the_profiles_are_served()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);

        var statement = FhirJson.Deserialize<CapabilityStatement>(await host.Client.GetByteArrayAsync("/fhir/metadata"));
        var carePlan = statement.Rest[0].Resource.Single(r => r.Type == "CarePlan");
        Assert.Contains(Pcpe.Fhir.Terminology.GatewayProfiles.TransitionPlan, carePlan.SupportedProfile);
        Assert.Equal(CapabilityStatement.SystemRestfulInteraction.Transaction, statement.Rest[0].Interaction[0].Code);

        var definition = FhirJson.Deserialize<StructureDefinition>(await host.Client.GetByteArrayAsync("/fhir/StructureDefinition/pcpe-careplan-transition"));
        Assert.Equal(Pcpe.Fhir.Terminology.GatewayProfiles.TransitionPlan, definition.Url);
        using var missing = await host.Client.GetAsync("/fhir/StructureDefinition/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_transition_plan_is_mailed_to_the_destination_it_names_and_other_documents_are_not()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Gateway:Recipients:destination:Channel"] = "MsSante",
            ["Gateway:Recipients:destination:TransitionDestination"] = "true",
            ["Gateway:Recipients:destination:Category"] = "HealthEstablishment",
            ["Gateway:Routes:0:Recipients:0"] = "destination",
            ["Gateway:Routes:0:Recipients:1"] = null,
        });
        var transition = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("transition.json")))!;
        Assert.Equal(TestEnvironment.HospitalMailbox, transition["to"]!["mssAddress"]!.GetValue<string>());

        using var response = await host.Client.PostAsync("/api/v1/transitions", Json(transition));
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        var delivery = Assert.Single(submission.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("destination", delivery.GetProperty("recipientId").GetString());
        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        Assert.Equal("care-team:L1110-12", delivery.GetProperty("legalBasis").GetString());
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{delivery.GetProperty("id").GetGuid():N}@pcpe.test", Settle);
        Assert.Equal("Transmission : Lettre de liaison d'entrée en structure sociale ou médico-sociale", mail.Subject);

        using var plan = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var planSubmission = await host.WaitUntilSettledAsync(plan.Headers.Location!, Settle);
        Assert.Empty(planSubmission.GetProperty("deliveries").EnumerateArray());
    }

    [Fact]
    public async Task With_OAuth2_configured_the_hospital_mail_goes_out_with_a_client_credentials_token()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, HospitalByOAuth2(TestEnvironment.OAuthClientSecret));

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        var delivery = submission.GetProperty("deliveries").EnumerateArray().Single();
        Assert.Equal("Delivered", delivery.GetProperty("status").GetString());
        var mail = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, $"{delivery.GetProperty("id").GetGuid():N}@pcpe.test", Settle);
        Assert.Equal(TestEnvironment.GatewayMailbox, mail.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Wrong_OAuth2_client_credentials_keep_the_mail_queued_with_the_reason()
    {
        var settings = HospitalByOAuth2("not-the-secret");
        settings["Gateway:Delivery:MaxAttempts"] = "2";
        await using var host = await GatewayTestHost.StartAsync(provider, settings);

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        var delivery = submission.GetProperty("deliveries").EnumerateArray().Single();
        Assert.Equal("DeadLettered", delivery.GetProperty("status").GetString());
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains("refused the gateway's client credentials", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_plan_gets_every_problem_and_leaves_nothing_stored()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        var plan = SamplePlan();
        plan["person"]!["ins"]!["number"] = "295109912611199";
        plan["needs"]![0]!["code"] = "9.9.9";

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(plan));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        var outcome = FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());
        Assert.Equal(["$.needs[0].code", "$.person.ins.number"], outcome.Issue.SelectMany(i => i.Expression).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(outcome.Issue, i => i.Diagnostics!.Contains("2951099126111", StringComparison.Ordinal));
        Assert.Equal(0, await host.CountAsync("submissions"));
        Assert.Equal(0, await host.CountAsync("deliveries"));
        Assert.Empty(host.EParcours.LogEntries);
    }

    [Fact]
    public async Task Pushing_the_same_version_twice_is_one_submission_and_one_relay()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });

        using var first = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        // Pushed again a moment later: its Provenance would say another time, the document is the same.
        await Task.Delay(50);
        using var second = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.True(JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("alreadyKnown").GetBoolean());
        await host.WaitUntilSettledAsync(first.Headers.Location!, Settle);
        Assert.Equal(1, await host.CountAsync("submissions"));
        Assert.Single(host.EParcours.LogEntries);
    }

    [Fact]
    public async Task An_Idempotency_Key_replayed_by_a_retrying_client_returns_the_first_submission()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        async Task<HttpResponseMessage> PushAsync(JsonNode plan)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/plans") { Content = Json(plan) };
            request.Headers.Add("Idempotency-Key", "dui-request-7f3a");
            return await host.Client.SendAsync(request);
        }

        using var first = await PushAsync(SamplePlan());
        using var retried = await PushAsync(SamplePlan());
        var reused = SamplePlan();
        reused["documentId"] = "PPA-2026-0099";
        using var misused = await PushAsync(reused);

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(first.Headers.Location, retried.Headers.Location);
        Assert.Equal(HttpStatusCode.Conflict, misused.StatusCode);
        Assert.Equal(1, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task Preview_returns_the_mapped_bundle_and_stores_and_sends_nothing()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);

        using var response = await host.Client.PostAsync("/api/v1/$preview", Json(SamplePlan()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType!.MediaType);
        var bundle = FhirJson.Deserialize<Bundle>(await response.Content.ReadAsStringAsync());
        Assert.Single(bundle.Entry, e => e.Resource is CarePlan);
        Assert.Single(bundle.Entry, e => e.Resource is Provenance);
        await Task.Delay(300);
        Assert.Equal(0, await host.CountAsync("submissions"));
        Assert.Empty(host.EParcours.LogEntries);
    }

    [Fact]
    public async Task The_same_version_with_other_content_is_refused()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        using var first = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var changed = SamplePlan();
        changed["title"] = "Autre titre";

        using var second = await host.Client.PostAsync("/api/v1/plans", Json(changed));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_recipient_that_refuses_the_bundle_is_dead_lettered_with_the_reason()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        host.EParcours.Reset();
        host.EParcours.Given(WireMock.RequestBuilders.Request.Create().WithPath("/fhir").UsingPost())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(400));

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        var delivery = submission.GetProperty("deliveries").EnumerateArray().Single();
        Assert.Equal("DeadLettered", delivery.GetProperty("status").GetString());
        Assert.Contains("HTTP 400", delivery.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_outside_the_care_team_is_blocked_and_never_contacted()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new()
        {
            ["Gateway:Routes:0:Recipients:1"] = null,
            ["Gateway:Recipients:eparcours:CareTeamOf:0"] = "750803447",
        });

        using var response = await host.Client.PostAsync("/api/v1/plans", Json(SamplePlan()));
        var submission = await host.WaitUntilSettledAsync(response.Headers.Location!, Settle);

        var delivery = submission.GetProperty("deliveries").EnumerateArray().Single();
        Assert.Equal("Blocked", delivery.GetProperty("status").GetString());
        Assert.Contains("care team", delivery.GetProperty("decisionReason").GetString(), StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.Empty(host.EParcours.LogEntries);
    }
}

public sealed class SqlitePlanDeliveryTests() : PlanDeliveryTests(StoreProvider.Sqlite);

public sealed class PostgresPlanDeliveryTests() : PlanDeliveryTests(StoreProvider.Postgres);
