using System.Text.Json.Nodes;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

/// <summary>Bad assessments and transition plans: one list of every problem with its JSON path, nothing mapped.</summary>
public class DocumentValidationTests
{
    private static JsonObject Sample(string file) => JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(file)))!.AsObject();

    private static PreparationResult Prepare(string kind, JsonNode json) => SampleDocuments.PrepareJson(kind, json.ToJsonString());

    [Fact]
    public void A_bad_assessment_gets_every_problem_at_once()
    {
        var json = Sample("assessment.json");
        json["evaluators"]![0]!["rpps"] = "10005555552";
        json["evaluators"]![1]!["adeli"] = "34931";
        json["findings"]![0]!["domain"] = "telepathy";
        json["findings"]![1]!["environment"] = "moon";
        json["needs"]![0]!["intensity"] = "extreme";
        json["needs"]![1]!["code"] = "1.2.1.2";
        json["reports"]![0]!["url"] = "file:///etc/passwd";
        json["person"]!["ins"]!["number"] = "295109912611199";

        var result = Prepare(DocumentKinds.Assessment, json);

        Assert.Null(result.Document);
        Assert.Superset(
            new HashSet<string> { "$.evaluators[0].rpps", "$.evaluators[1].adeli", "$.findings[0].domain", "$.findings[1].environment", "$.needs[0].intensity", "$.needs[1].code", "$.reports[0].url", "$.person.ins.number" },
            result.Issues.Select(i => i.Path).ToHashSet());
        Assert.Contains(result.Issues, i => i.Path == "$.person.ins.number" && i.Message.Contains("key", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(result.Issues, i => i.Path == "$.needs[1].code" && i.Message.Contains("twice", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Issues, i => i.Message.Contains("295109912611199", StringComparison.Ordinal));
    }

    [Fact]
    public void An_assessment_without_evaluators_is_refused()
    {
        var json = Sample("assessment.json");
        json["evaluators"] = new JsonArray();
        Assert.Contains(Prepare(DocumentKinds.Assessment, json).Issues, i => i.Path == "$.evaluators" && i.Kind == InputIssueKind.Required);
    }

    [Fact]
    public void Transition_dates_must_agree_with_the_plan_and_each_other()
    {
        var json = Sample("transition.json");
        json["period"]!["start"] = "2026-08-01";
        json["followUpUntil"] = "2026-07-01";
        json["steps"]![2]!["date"] = "2028-01-01";

        var issues = Prepare(DocumentKinds.Transition, json).Issues;

        Assert.Contains(issues, i => i.Path == "$.period.start" && i.Message.Contains("before the plan", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "$.followUpUntil" && i.Kind == InputIssueKind.BusinessRule);
        Assert.Contains(issues, i => i.Path == "$.steps[2].date" && i.Kind == InputIssueKind.BusinessRule);
    }

    [Fact]
    public void A_transition_to_an_establishment_names_its_FINESS_and_a_valid_mailbox()
    {
        var json = Sample("transition.json");
        json["to"]!.AsObject().Remove("finess");
        json["to"]!["mssAddress"] = "not an address";
        json["from"]!["kind"] = "spaceship";

        var issues = Prepare(DocumentKinds.Transition, json).Issues;

        Assert.Contains(issues, i => i.Path == "$.to.finess" && i.Kind == InputIssueKind.Required);
        Assert.Contains(issues, i => i.Path == "$.to.mssAddress" && i.Message.Contains("not a mail address", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Path == "$.from.kind" && i.Kind == InputIssueKind.UnknownCode);
    }

    [Fact]
    public void Plan_goals_and_services_stay_inside_the_plan()
    {
        var json = Sample("plan-full.json");
        json["goals"]![0]!["targetDate"] = "2028-01-01";
        json["goals"]![1]!["needs"] = new JsonArray("2.1.1");
        json["services"]![1]!["provider"]!["finess"] = "340780006";
        json["services"]![3]!["provider"]!["finess"] = "340000017";
        json["services"]![0]!["hoursPerWeek"] = 0;
        json["familySupport"]![0]!["period"]!["end"] = "2028-01-01";
        json["relatedParties"]![0]!["role"] = "neighbour";

        var issues = Prepare(DocumentKinds.Plan, json).Issues;

        Assert.Superset(
            new HashSet<string> { "$.goals[0].targetDate", "$.goals[1].needs[0]", "$.services[1].provider.finess", "$.services[3].provider.finess", "$.services[0].hoursPerWeek", "$.familySupport[0].period", "$.relatedParties[0].role" },
            issues.Select(i => i.Path).ToHashSet());
    }

    [Fact]
    public void Identifiers_that_would_break_business_identifiers_are_refused()
    {
        var json = Sample("plan-full.json");
        json["documentId"] = "A/B C";
        json["person"]!["localId"] = "X-PPER-Y";

        var issues = Prepare(DocumentKinds.Plan, json).Issues;

        Assert.Contains(issues, i => i.Path == "$.documentId");
        Assert.Contains(issues, i => i.Path == "$.person.localId");
    }

    [Fact]
    public void A_FHIR_bundle_without_a_PCPE_document_is_refused_with_a_location()
    {
        var result = SampleDocuments.Pipeline.PrepareBundle(new Hl7.Fhir.Model.Bundle { Type = Hl7.Fhir.Model.Bundle.BundleType.Transaction });
        var issue = Assert.Single(result.Issues);
        Assert.Equal("Bundle.entry", issue.Path);
    }
}
