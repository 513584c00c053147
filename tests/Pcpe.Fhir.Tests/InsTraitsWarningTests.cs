using System.Text.Json.Nodes;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// A qualified INS travels in CDA documents only with every INS trait (the ANS schematron asks for the
/// birth place too): a push without the birth place is accepted, and told that hospitals will get the
/// local id only.
/// </summary>
public class InsTraitsWarningTests
{
    [Fact]
    public void A_qualified_INS_without_its_birth_place_is_accepted_with_a_warning_that_names_the_field()
    {
        var plan = JsonNode.Parse(SampleDocuments.Bytes("plan-full.json"))!.AsObject();
        plan["person"]!.AsObject().Remove("birthPlaceCode");

        var result = SampleDocuments.PrepareJson(DocumentKinds.Plan, plan.ToJsonString());

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings, w => w.Path == "$.person.birthPlaceCode");
        Assert.Contains("local id only", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_its_birth_place_a_qualified_INS_gets_no_such_warning()
    {
        var result = SampleDocuments.PrepareJson(DocumentKinds.Plan, System.Text.Encoding.UTF8.GetString(SampleDocuments.Bytes("plan-full.json")));

        Assert.True(result.Succeeded);
        Assert.DoesNotContain(result.Warnings, w => w.Path == "$.person.birthPlaceCode");
    }

    [Fact]
    public void A_birth_place_that_is_no_INSEE_code_is_refused_by_the_schema()
    {
        var plan = JsonNode.Parse(SampleDocuments.Bytes("plan-full.json"))!.AsObject();
        plan["person"]!["birthPlaceCode"] = "Ajaccio";

        var result = SampleDocuments.PrepareJson(DocumentKinds.Plan, plan.ToJsonString());

        Assert.False(result.Succeeded);
        Assert.Contains(result.Issues, i => i.Path == "$.person.birthPlaceCode");
    }
}
