using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Pcpe.Fhir;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using Task = System.Threading.Tasks.Task;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// What an integrator gets from the gateway to check a Bundle before pushing it: <c>POST /fhir/$validate</c>,
/// and StructureDefinitions with snapshots that a validator of their own can load as they are.
/// </summary>
public class FhirValidateTests
{
    private static ByteArrayContent Fhir(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return content;
    }

    private static byte[] Example(string name) => File.ReadAllBytes(TestEnvironment.ProfileExample(name));

    private static async Task<OperationOutcome> ValidateAsync(HttpClient client, byte[] body, string query = "")
    {
        using var response = await client.PostAsync("/fhir/$validate" + query, Fhir(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return FhirJson.Deserialize<OperationOutcome>(await response.Content.ReadAsByteArrayAsync());
    }

    private static IEnumerable<OperationOutcome.IssueComponent> Errors(OperationOutcome outcome)
        => outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);

    [Fact]
    public async Task The_examples_are_valid_and_a_broken_plan_gets_each_error_at_its_FHIRPath_with_nothing_stored()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);

        foreach (var example in new[] { "Bundle-plan-transaction.json", "Bundle-assessment-transaction.json", "Bundle-transition-document.json" })
        {
            var outcome = await ValidateAsync(host.Client, Example(example));
            Assert.Empty(Errors(outcome).Select(i => $"{example}: {string.Join(',', i.Expression)} {i.Details?.Text}"));
        }

        var plan = JsonNode.Parse(Example("Bundle-plan-transaction.json"))!;
        var patientIndex = plan["entry"]!.AsArray().Select((e, i) => (e, i)).First(x => x!.e!["resource"]!["resourceType"]!.GetValue<string>() == "Patient").i;
        plan["entry"]![patientIndex]!["resource"]!.AsObject().Remove("birthDate");
        var carePlan = plan["entry"]!.AsArray().Select((e, i) => (e, i)).First(x => x!.e!["resource"]!["resourceType"]!.GetValue<string>() == "CarePlan");
        carePlan.e!["resource"]!["category"]![0]!["coding"]![0]!["code"] = "XYZ";

        var broken = await ValidateAsync(host.Client, System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString()));

        var errors = Errors(broken).ToList();
        Assert.Contains(errors, e => e.Expression.Contains($"Bundle.entry[{patientIndex}].resource") && (e.Details?.Text ?? string.Empty).Contains("birthDate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Expression.Contains($"Bundle.entry[{carePlan.i}].resource.category[0]") && e.Code == OperationOutcome.IssueType.CodeInvalid);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_profile_named_by_the_caller_is_checked_too_and_an_unknown_one_is_refused()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plan = Example("Bundle-plan-transaction.json");

        var againstBase = await ValidateAsync(host.Client, plan, "?profile=http://hl7.org/fhir/StructureDefinition/Bundle");
        using var dataType = await host.Client.PostAsync("/fhir/$validate?profile=http%3A%2F%2Fhl7.org%2Ffhir%2FStructureDefinition%2FPeriod", Fhir(plan));
        var againstCarePlan = await ValidateAsync(host.Client, plan, "?profile=" + Uri.EscapeDataString(Pcpe.Fhir.Terminology.GatewayProfiles.SupportPlan));
        using var unknown = await host.Client.PostAsync("/fhir/$validate?profile=https%3A%2F%2Fexample.org%2Fnope", Fhir(plan));
        using var notAUri = await host.Client.PostAsync("/fhir/$validate?profile=%EF%BB%BFhttp%3A%2F%2F%20x", Fhir(plan));

        Assert.Empty(Errors(againstBase));
        Assert.NotEmpty(Errors(againstCarePlan)); // a Bundle is not a CarePlan
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAUri.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, dataType.StatusCode);
    }

    [Fact]
    public async Task A_reference_the_validator_cannot_parse_gets_an_error_issue_not_a_500()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var plan = JsonNode.Parse(Example("Bundle-plan-transaction.json"))!;
        var carePlan = plan["entry"]!.AsArray().First(e => e!["resource"]!["resourceType"]!.GetValue<string>() == "CarePlan")!;
        carePlan["resource"]!["subject"]!["reference"] = "\ufeff" + carePlan["resource"]!["subject"]!["reference"]!.GetValue<string>();

        var outcome = await ValidateAsync(host.Client, System.Text.Encoding.UTF8.GetBytes(plan.ToJsonString()));

        Assert.Contains(Errors(outcome), e => e.Diagnostics?.Contains("not a valid URI", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Anything_but_a_readable_Bundle_gets_400_and_a_caller_without_credentials_401()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var anonymous = host.ClientWithCertificate(null);

        using var patient = await host.Client.PostAsync("/fhir/$validate", Fhir("{\"resourceType\":\"Patient\"}"u8.ToArray()));
        using var broken = await host.Client.PostAsync("/fhir/$validate", Fhir("{\"resourceType\":\"Bundle\",\"type\":"u8.ToArray()));
        using var unauthenticated = await anonymous.PostAsync("/fhir/$validate", Fhir(Example("Bundle-plan-transaction.json")));
        var entries = string.Join(',', Enumerable.Repeat("{\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}", 1001));
        using var tooMany = await host.Client.PostAsync("/fhir/$validate", Fhir(System.Text.Encoding.UTF8.GetBytes($"{{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{entries}]}}")));

        Assert.Equal(HttpStatusCode.BadRequest, patient.StatusCode);
        Assert.Contains("Bundle.resourceType", await patient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 1000 entries", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_served_snapshots_and_terminology_are_enough_for_an_independent_validator()
    {
        await using var host = await GatewayTestHost.StartAsync(StoreProvider.Sqlite);
        var statement = FhirJson.Deserialize<CapabilityStatement>(await host.Client.GetByteArrayAsync("/fhir/metadata"));
        Assert.Empty(OfficialFhirValidation.Problems(statement));
        Assert.Contains(statement.Rest[0].Operation, o => o.Name == "validate");

        // Everything a validator needs, fetched from the gateway: no generation on the integrator's side.
        var served = new List<Resource>();
        foreach (var id in Pcpe.Fhir.Terminology.ProfileResources.Load<StructureDefinition>().Select(d => d.Id))
        {
            var definition = FhirJson.Deserialize<StructureDefinition>(await host.Client.GetByteArrayAsync($"/fhir/StructureDefinition/{id}"));
            Assert.True(definition.Snapshot?.Element.Count > definition.Differential!.Element.Count, $"{id} has no snapshot");
            served.Add(definition);
        }

        foreach (var set in Pcpe.Fhir.Terminology.ProfileResources.Load<ValueSet>())
        {
            served.Add(FhirJson.Deserialize<ValueSet>(await host.Client.GetByteArrayAsync($"/fhir/ValueSet/{set.Id}")));
        }

        foreach (var system in Pcpe.Fhir.Terminology.ProfileResources.Load<CodeSystem>())
        {
            served.Add(FhirJson.Deserialize<CodeSystem>(await host.Client.GetByteArrayAsync($"/fhir/CodeSystem/{system.Id}")));
        }

        var resolver = new CachedResolver(new MultiResolver(new InMemoryResourceResolver(served), ZipSource.CreateValidationSource()));
        var validator = new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver), null, new ValidationSettings
        {
            HandleValidateCodeServiceFailure = (_, _) => TerminologyServiceExceptionResult.Warning,
        });
        var plan = FhirJson.Deserialize<Bundle>(Example("Bundle-plan-transaction.json"));
        var patient = plan.Entry.Select(e => e.Resource).OfType<Patient>().Single();

        // The served profiles bite: a person without birth date breaks pcpe-patient.
        Assert.DoesNotContain(validator.Validate(patient).Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error);
        patient.BirthDate = null;
        Assert.Contains(validator.Validate(patient).Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error && (i.Details?.Text ?? string.Empty).Contains("birthDate", StringComparison.Ordinal));
    }
}
