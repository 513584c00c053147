using System.Text.Json;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>What each recipient category actually receives of the samples under the shipped policy.</summary>
public class BundleMinimiserTests
{
    private static readonly MinimisationPolicy Policy = MinimisationPolicy.Default;

    private static byte[] Mapped(string kind, string file) => SampleDocuments.AsRelayed(SampleDocuments.Prepare(kind, file));

    private static Bundle Minimised(RecipientCategory category, string kind, string file)
        => FhirJson.Deserialize<Bundle>(BundleMinimiser.Apply(Mapped(kind, file), Policy.RuleFor(category)!).Json);

    private static IEnumerable<string> Profiles(Resource? resource) => resource?.Meta?.Profile.OfType<string>() ?? [];

    private static IEnumerable<string> Labels(Resource? resource) => resource?.Meta?.Security.Select(s => s.Code).OfType<string>() ?? [];

    private static IEnumerable<Observation> Findings(Bundle bundle)
        => bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => Profiles(o).Contains(GatewayProfiles.Finding));

    [Fact]
    public void A_social_worker_gets_the_needs_of_an_assessment_but_not_its_clinical_findings_or_analyses()
    {
        var full = FhirJson.Deserialize<Bundle>(Mapped(DocumentKinds.Assessment, "assessment.json"));
        var bundle = Minimised(RecipientCategory.SocialWorker, DocumentKinds.Assessment, "assessment.json");

        Assert.Equal(6, Findings(full).Count());
        Assert.Empty(Findings(bundle));
        var needs = bundle.Entry.Select(e => e.Resource).OfType<Observation>().Where(o => Profiles(o).Contains(GatewayProfiles.AssessedNeed)).ToList();
        Assert.Equal(2, needs.Count);
        Assert.All(needs, n => Assert.Empty(n.Note));
        Assert.Empty(bundle.Entry.Select(e => e.Resource).OfType<DocumentReference>());
        var panel = bundle.Entry.Select(e => e.Resource).OfType<Observation>().Single(o => Profiles(o).Contains(GatewayProfiles.AssessmentPanel));
        Assert.All(panel.DerivedFrom, d => Assert.Contains(bundle.Entry, e => e.FullUrl == d.Reference && e.Resource is not DocumentReference));
        Assert.All(panel.HasMember, m => Assert.Contains(bundle.Entry, e => e.FullUrl == m.Reference));
    }

    [Fact]
    public void A_finding_labelled_PSY_goes_to_health_professionals_with_its_labels_and_never_to_a_platform()
    {
        var health = Minimised(RecipientCategory.HealthProfessional, DocumentKinds.Assessment, "assessment.json");
        var labelled = Assert.Single(Findings(health), f => Labels(f).Contains("PSY"));
        Assert.Contains(labelled.Meta!.Security, s => s.System == CodeSystems.Confidentiality && s.Code == "R");

        var platform = Minimised(RecipientCategory.CoordinationPlatform, DocumentKinds.Assessment, "assessment.json");
        Assert.Equal(5, Findings(platform).Count());
        Assert.DoesNotContain(platform.Entry, e => Labels(e.Resource).Contains("PSY"));
        Assert.DoesNotContain(platform.Entry, e => e.Resource is DocumentReference);
    }

    [Fact]
    public void A_category_from_which_nothing_is_removed_gets_the_very_bytes_that_were_mapped()
    {
        var mapped = Mapped(DocumentKinds.Plan, "plan-full.json");
        var result = BundleMinimiser.Apply(mapped, Policy.RuleFor(RecipientCategory.HealthProfessional)!);
        Assert.Same(mapped, result.Json);
        Assert.Equal(0, result.RemovedResources + result.RemovedElements);
    }

    public static TheoryData<RecipientCategory, string, string> EveryCategoryAndSample()
    {
        var data = new TheoryData<RecipientCategory, string, string>();
        foreach (var category in Enum.GetValues<RecipientCategory>().Where(c => c != RecipientCategory.Unknown))
        {
            foreach (var row in SampleDocuments.All())
            {
                data.Add(category, (string)row[0], (string)row[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCategoryAndSample))]
    public void What_any_category_receives_is_still_a_conformant_bundle_with_no_dangling_reference(RecipientCategory category, string kind, string file)
    {
        var rule = Policy.RuleFor(category)!;
        var bundle = FhirJson.Deserialize<Bundle>(BundleMinimiser.Apply(Mapped(kind, file), rule).Json);
        Assert.Empty(ConformanceChecker.Embedded.Check(bundle).Select(i => $"{i.Location}: {i.Message}"));
        Assert.DoesNotContain(bundle.Entry, e => rule.RemovedLabels.Overlaps(Labels(e.Resource)));
        Assert.DoesNotContain(bundle.Entry, e => rule.RemovedResources.TryGetValue(e.Resource!.TypeName, out var profiles) && (profiles is null || profiles.Overlaps(Profiles(e.Resource))));
    }

    [Theory]
    [InlineData("""{"categories":{}}""", "'version' is required")]
    [InlineData("""{"version":"1","categories":{"astrologer":{}}}""", "unknown recipient category 'astrologer'")]
    [InlineData("""{"version":"1","categories":{"educator":{"dataClasses":["diary"]}}}""", "unknown data class 'diary'")]
    [InlineData("""{"version":"1","categories":{"educator":{"removeResources":["Diagnosis"]}}}""", "'Diagnosis' is not a FHIR R4 resource type")]
    [InlineData("""{"version":"1","categories":{"educator":{"removeElements":["Observation"]}}}""", "must be Type.element")]
    [InlineData("""{"version":"1","categories":{"educator":{"removeEverything":true}}}""", "invalid at $.categories.educator.removeEverything")]
    public void A_policy_file_it_does_not_fully_understand_is_refused_with_where(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MinimisationPolicy.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Element_paths_reach_nested_elements_and_choice_types()
    {
        var rule = MinimisationPolicy.Parse("""{"version":"1","categories":{"educator":{"dataClasses":["assessment","attachments"],"removeElements":["Observation.value[x]","Observation.component.value[x]"]}}}"""u8).RuleFor(RecipientCategory.Educator)!;
        using var json = JsonDocument.Parse(BundleMinimiser.Apply(Mapped(DocumentKinds.Assessment, "assessment.json"), rule).Json);
        var observations = json.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).Where(r => r.GetProperty("resourceType").GetString() == "Observation").ToList();
        Assert.NotEmpty(observations);
        Assert.All(observations, o =>
        {
            Assert.DoesNotContain(o.EnumerateObject(), p => p.Name.StartsWith("value", StringComparison.Ordinal));
            if (o.TryGetProperty("component", out var components))
            {
                Assert.All(components.EnumerateArray(), c => Assert.DoesNotContain(c.EnumerateObject(), p => p.Name.StartsWith("value", StringComparison.Ordinal)));
            }
        });
    }
}
