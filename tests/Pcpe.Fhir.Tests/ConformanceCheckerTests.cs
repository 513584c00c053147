using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>The checker is driven by profiles/: each kind of rule in a StructureDefinition catches what it should, at the right place.</summary>
public class ConformanceCheckerTests
{
    private static Bundle Plan() => SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json").Bundle;

    private static (Bundle Bundle, T Resource, int Index) Find<T>(Func<T, bool>? filter = null)
        where T : Resource
    {
        var bundle = Plan();
        var index = bundle.Entry.FindIndex(e => e.Resource is T t && (filter is null || filter(t)));
        return (bundle, (T)bundle.Entry[index].Resource!, index);
    }

    private static IReadOnlyList<ConformanceIssue> Check(Bundle bundle) => ConformanceChecker.Embedded.Check(bundle);

    private static ElementDefinition.ConstraintComponent Constraint(IEnumerable<StructureDefinition> definitions, string key)
        => definitions.SelectMany(d => d.Differential!.Element).SelectMany(e => e.Constraint).Single(c => c.Key == key);

    [Fact]
    public void Every_profile_of_profiles_loads_and_covers_every_resource_type_the_mappers_emit()
    {
        var profiles = ConformanceChecker.Embedded.Profiles.ToList();
        Assert.Contains(GatewayProfiles.SupportPlan, profiles);
        Assert.Contains(GatewayProfiles.TransitionPlan, profiles);
        Assert.Contains(GatewayProfiles.AssessmentPanel, profiles);
        Assert.Contains(GatewayProfiles.HandoverRisks, profiles);
        Assert.True(profiles.Count >= 30);
    }

    [Fact]
    public void A_missing_required_element_is_located_under_its_parent()
    {
        var (bundle, carePlan, index) = Find<CarePlan>();
        carePlan.Title = null;

        var issue = Assert.Single(Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.title", issue.Location);
        Assert.Equal(OperationOutcome.IssueType.Required, issue.Type);
        Assert.Contains("pcpe-careplan-projet-personnalise", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_outside_a_required_value_set_is_refused()
    {
        var (bundle, need, index) = Find<ServiceRequest>();
        need.Category[0].Coding[0].Code = "2.3.3.1";

        var issue = Assert.Single(Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.category[0]", issue.Location);
        Assert.Equal(OperationOutcome.IssueType.CodeInvalid, issue.Type);
    }

    [Fact]
    public void A_code_of_the_right_value_but_the_wrong_system_is_refused()
    {
        var (bundle, need, _) = Find<ServiceRequest>();
        need.Category[0].Coding[0].System = "http://example.org/other";

        Assert.Contains(Check(bundle), i => i.Type == OperationOutcome.IssueType.CodeInvalid);
    }

    [Fact]
    public void A_reference_to_the_wrong_resource_type_is_refused()
    {
        var (bundle, task, index) = Find<Hl7.Fhir.Model.Task>();
        task.For = new ResourceReference(bundle.Entry.Single(e => e.Resource is Organization o && o.Identifier[0].Value == "340000017").FullUrl);

        var issue = Assert.Single(Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.for", issue.Location);
        Assert.Contains("refers to a Organization", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_that_does_not_resolve_in_the_bundle_is_refused()
    {
        var (bundle, goal, _) = Find<Goal>();
        goal.Subject = new ResourceReference("urn:uuid:00000000-0000-0000-0000-000000000000");

        Assert.Contains(Check(bundle), i => i.Message.Contains("not in the bundle", StringComparison.Ordinal));
    }

    [Fact]
    public void An_identifier_slice_is_checked_by_its_system()
    {
        var (bundle, patient, index) = Find<Patient>();
        patient.Identifier.RemoveAll(i => i.System == Identity.FrenchIdentifierSystems.LocalUsager);

        var issue = Assert.Single(Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.identifier", issue.Location);
        Assert.Contains("identifier:localUsager", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FHIRPath_invariant_of_the_profile_is_evaluated()
    {
        var (bundle, carePlan, _) = Find<CarePlan>();
        carePlan.Period!.End = "2020-01-01";

        var issue = Assert.Single(Check(bundle));
        Assert.Equal(OperationOutcome.IssueType.Invariant, issue.Type);
        Assert.Contains("pcpe-pp-1", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_INS_on_an_unqualified_identity_breaks_the_patient_invariant()
    {
        var (bundle, patient, _) = Find<Patient>();
        patient.GetExtension(Identity.FrenchIdentifierSystems.IdentityReliabilityExtension)!.Extension[0].Value = new Coding(Mapping.PersonMapper.IdentityStatusSystem, "VALI");

        Assert.Contains(Check(bundle), i => i.Message.Contains("pcpe-pat-2", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invariant_without_a_CSharp_equivalent_is_evaluated_by_the_SDK()
    {
        // Copies of the profiles (the loaded ones are shared) with pcpe-pat-1 rewritten: no C# equivalent
        // matches the new text.
        var definitions = ProfileResources.Load<StructureDefinition>().Select(d => (StructureDefinition)d.DeepCopy()).ToList();
        var constraint = Constraint(definitions, "pcpe-pat-1");
        constraint.Expression = "identifier.count() <= 1";
        var checker = new ConformanceChecker(definitions, TerminologyIndex.Embedded);
        var (bundle, patient, index) = Find<Patient>();
        Assert.True(patient.Identifier.Count > 1);

        var issue = Assert.Single(checker.Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource", issue.Location);
        Assert.Contains("pcpe-pat-1", issue.Message, StringComparison.Ordinal);
        Assert.Empty(ConformanceChecker.Embedded.Check(bundle));
        var shared = Constraint(ProfileResources.Load<StructureDefinition>(), "pcpe-pat-1");
        Assert.StartsWith("identifier.where(", shared.Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extension_is_checked_against_its_own_definition()
    {
        var (bundle, carePlan, index) = Find<CarePlan>();
        carePlan.GetExtension(GatewayProfiles.ReviewDate)!.Value = new FhirString("soon");

        var issue = Assert.Single(Check(bundle));
        Assert.StartsWith($"Bundle.entry[{index}].resource.extension[", issue.Location, StringComparison.Ordinal);
        Assert.Contains("must be of type date", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_extension_that_is_missing_is_reported()
    {
        var (bundle, carePlan, _) = Find<CarePlan>();
        carePlan.Extension.RemoveAll(e => e.Url == GatewayProfiles.DocumentVersion);

        Assert.Contains(Check(bundle), i => i.Message.Contains("extension:pcpe-document-version needs at least 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pattern_is_matched()
    {
        var transition = SampleDocuments.Prepare(DocumentKinds.Transition, "transition.json").Bundle;
        var carePlan = transition.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();
        carePlan.Category[0].Coding[0].Code = "plan-agreement";

        Assert.Contains(Check(transition), i => i.Type == OperationOutcome.IssueType.Value && i.Message.Contains("category", StringComparison.Ordinal));
    }

    [Fact]
    public void Base_R4_rules_are_checked_too()
    {
        var (bundle, carePlan, index) = Find<CarePlan>();
        carePlan.Intent = null;

        Assert.Contains(Check(bundle), i => i.Location == $"Bundle.entry[{index}].resource.intent" && i.Message.StartsWith("base R4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_resource_without_a_gateway_profile_is_reported()
    {
        var bundle = Plan();
        bundle.Entry[0].Resource!.Meta = null;

        Assert.Contains(Check(bundle), i => i.Location == "Bundle.entry[0].resource.meta.profile");
    }

    [Fact]
    public void Issues_become_an_OperationOutcome_with_FHIRPath_expressions()
    {
        var (bundle, carePlan, index) = Find<CarePlan>();
        carePlan.Title = null;

        var outcome = ConformanceChecker.ToOutcome(Check(bundle));
        Assert.Equal($"Bundle.entry[{index}].resource.title", Assert.Single(outcome.Issue).Expression.Single());
    }
}

/// <summary>The FHIR examples of profiles/examples are valid and read back as PCPE documents.</summary>
public class ProfileExampleTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "profile-examples"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void An_example_meets_every_profile_and_base_rule_and_reads_back(string file)
    {
        var bundle = FhirJson.Deserialize<Bundle>(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "profile-examples", file)));

        Assert.Empty(ConformanceChecker.Embedded.Check(bundle).Select(i => $"{i.Location}: {i.Message}"));
        if (bundle.Type == Bundle.BundleType.Transaction)
        {
            var result = SampleDocuments.Pipeline.PrepareBundle(bundle);
            Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        }
    }
}
