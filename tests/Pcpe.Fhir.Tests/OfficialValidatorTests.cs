using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Messages;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// Everything the gateway emits in FHIR, judged by the Firely validator (base R4, the gateway's
/// profiles, bindings against the shipped terminology): zero errors, and no warning that
/// docs/fhir-mapping.md does not list with its reason.
/// </summary>
public class OfficialValidatorTests
{
    private static readonly SubmissionContext Context = SampleDocuments.Context;

    public static TheoryData<string, string, string> SampleCategories()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in SampleDocuments.All())
        {
            foreach (var category in Enum.GetValues<RecipientCategory>().Where(c => MinimisationPolicy.Default.RuleFor(c) is not null))
            {
                data.Add((string)row[0], (string)row[1], RecipientCategories.Code(category));
            }
        }

        return data;
    }

    private static void AssertValid(Resource resource, string what)
    {
        var problems = OfficialFhirValidation.Problems(resource);
        Assert.True(problems.Count == 0, $"{what}: {problems.Count} problems\n{string.Join('\n', problems)}");
    }

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void The_relayed_transaction_of_every_sample_is_valid(string kind, string file)
    {
        var relayed = FhirJson.Deserialize<Bundle>(SampleDocuments.AsRelayed(SampleDocuments.Prepare(kind, file)));

        AssertValid(relayed, file);
    }

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void The_document_bundle_of_every_sample_is_valid(string kind, string file)
    {
        var prepared = SampleDocuments.Prepare(kind, file);

        AssertValid(new DocumentBundleBuilder(TerminologyIndex.Embedded).Build(prepared.Source!, prepared.Bundle, Context.ReceivedAt), file);
    }

    [Theory]
    [MemberData(nameof(SampleCategories))]
    public void What_each_recipient_category_receives_of_every_sample_is_valid(string kind, string file, string category)
    {
        var rule = MinimisationPolicy.Default.RuleFor(RecipientCategories.Parse(category)!.Value)!;
        var minimised = BundleMinimiser.Apply(SampleDocuments.AsRelayed(SampleDocuments.Prepare(kind, file)), rule);

        AssertValid(FhirJson.Deserialize<Bundle>(minimised.Json), $"{file} for {category}");
    }

    [Fact]
    public void A_coordinators_message_relayed_as_a_Communication_is_valid()
    {
        AssertValid(CoordinatorMessageMapper.ToTransaction(CoordinatorMessageMapperTests.Message()), "coordinator message");
    }

    [Property(MaxTest = 25)]
    public Property Generated_support_plans_map_to_valid_bundles() => Prop.ForAll(DocumentGenerators.Plan.ToArbitrary(), p => ValidBothForms(p));

    [Property(MaxTest = 25)]
    public Property Generated_assessments_map_to_valid_bundles() => Prop.ForAll(DocumentGenerators.Assessment.ToArbitrary(), a => ValidBothForms(a));

    [Property(MaxTest = 25)]
    public Property Generated_transitions_map_to_valid_bundles() => Prop.ForAll(DocumentGenerators.Transition.ToArbitrary(), t => ValidBothForms(t));

    private static bool ValidBothForms(IPcpeDocument document)
    {
        var prepared = SampleDocuments.Pipeline.Prepare(document);
        Assert.True(prepared.Succeeded, string.Join("; ", prepared.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var relayed = FhirJson.Deserialize<Bundle>(SampleDocuments.AsRelayed(prepared.Document!));
        AssertValid(relayed, $"generated {document.DocumentId}");
        AssertValid(new DocumentBundleBuilder(TerminologyIndex.Embedded).Build(document, prepared.Document!.Bundle, Context.ReceivedAt), $"generated {document.DocumentId} (document)");
        return true;
    }
}
