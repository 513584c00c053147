using System.Text;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

public class SupportPlanPipelineTests
{
    private static readonly DocumentPipeline Pipeline = new(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, ConformanceChecker.Embedded);

    private static JsonObject SamplePlan() => JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")))!.AsObject();

    private static PreparationResult Prepare(JsonNode json) => Pipeline.Prepare(DocumentKinds.Plan, Encoding.UTF8.GetBytes(json.ToJsonString()));

    [Fact]
    public void The_sample_plan_maps_to_a_TDDUI_style_transaction()
    {
        var result = Prepare(SamplePlan());

        Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var bundle = result.Document!.Bundle;
        Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
        var carePlan = bundle.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        Assert.Equal(FrenchIdentifierSystems.ProjetPersonnalise, carePlan.Identifier[0].System);
        Assert.Equal("3340000017/U-000123-PPER-PPA-2026-0042", carePlan.Identifier[0].Value);
        Assert.Equal("PPA", carePlan.Category[0].Coding[0].Code);
        Assert.Equal(CodeSystems.PlanType, carePlan.Category[0].Coding[0].System);
        Assert.Equal("2026-09-01", carePlan.Period!.Start);
        Assert.Equal("2.3.3.1", bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Task>().Single().Code!.Coding[0].Code);

        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.Contains(patient.Identifier, i => i.System == FrenchIdentifierSystems.InsNirTest && i.Value == "295109912611193");
        Assert.Contains(patient.Identifier, i => i.System == FrenchIdentifierSystems.LocalUsager && i.Value == "3340000017/U-000123");
        Assert.Equal(carePlan.Subject!.Reference, bundle.Entry.Single(e => e.Resource is Patient).FullUrl);

        var needs = bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().ToList();
        Assert.All(needs, n => Assert.Equal(bundle.Entry.Single(e => e.Resource is CarePlan).FullUrl, n.BasedOn[0].Reference));
        Assert.Equal(["1.1.1", "1.2.1.1"], needs.Select(n => n.Category[0].Coding[0].Code));
        Assert.All(needs, n => Assert.StartsWith(carePlan.Identifier[0].Value!, n.Identifier[0].Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_entry_is_a_conditional_update_on_its_business_identifier()
    {
        var bundle = Prepare(SamplePlan()).Document!.Bundle;

        Assert.All(bundle.Entry, e =>
        {
            Assert.Equal(Bundle.HTTPVerb.PUT, e.Request!.Method);
            Assert.StartsWith($"{e.Resource!.TypeName}?identifier=", e.Request.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Mapping_the_same_plan_twice_gives_the_same_bundle()
    {
        var first = FhirJson.Serialize(Prepare(SamplePlan()).Document!.Bundle);
        var second = FhirJson.Serialize(Prepare(SamplePlan()).Document!.Bundle);
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_non_qualified_identity_does_not_carry_the_INS()
    {
        var json = SamplePlan();
        json["person"]!["ins"]!["identityStatus"] = "VALI";
        var patient = Prepare(json).Document!.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        Assert.DoesNotContain(patient.Identifier, i => InsNumber.KindOfOid(i.System) is not null);
        Assert.Contains(patient.Identifier, i => i.System == FrenchIdentifierSystems.LocalUsager);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path_and_nothing_is_mapped()
    {
        var json = SamplePlan();
        json["person"]!["ins"]!["number"] = "295109912611199";
        json["structure"]!["finess"] = "340000018";
        json["type"] = "XYZ";
        json["needs"]![1]!["code"] = "2.1.1.1";
        json["services"]![0]!["period"]!["end"] = "2028-01-01";
        json["period"]!["end"] = "2026-01-01";

        var result = Prepare(json);

        Assert.Null(result.Document);
        var paths = result.Issues.Select(i => i.Path).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "$.person.ins.number", "$.structure.finess", "$.type", "$.needs[1].code", "$.services[0].period", "$.period.end" },
            paths);
        Assert.Contains(result.Issues, i => i.Path == "$.needs[1].code" && i.Kind == InputIssueKind.UnknownCode);
        Assert.Contains(result.Issues, i => i.Path == "$.period.end" && i.Kind == InputIssueKind.BusinessRule);
    }

    [Fact]
    public void Test_identities_are_refused_by_the_production_policy()
    {
        var production = new DocumentPipeline(TerminologyIndex.Embedded, ValidationPolicy.Production, null);
        var result = production.Prepare(DocumentKinds.Plan, Encoding.UTF8.GetBytes(SamplePlan().ToJsonString()));
        Assert.Contains(result.Issues, i => i.Path == "$.person.ins.oid" && i.Message.Contains("test", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("[]", "$")]
    public void Unreadable_JSON_is_a_structure_error(string body, string path)
    {
        var result = Pipeline.Prepare(DocumentKinds.Plan, Encoding.UTF8.GetBytes(body));
        Assert.Null(result.Document);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(InputIssueKind.Structure, issue.Kind);
        Assert.StartsWith(path, issue.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_named()
    {
        var json = SamplePlan();
        json["person"]!["nickname"] = "Cam";
        var issue = Assert.Single(Prepare(json).Issues);
        Assert.Equal(InputIssueKind.Structure, issue.Kind);
        Assert.Contains("'nickname'", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_is_named()
    {
        var json = SamplePlan();
        json["person"]!.AsObject().Remove("familyName");
        var issue = Assert.Single(Prepare(json).Issues);
        Assert.Contains("familyName", issue.Message, StringComparison.Ordinal);
    }
}
