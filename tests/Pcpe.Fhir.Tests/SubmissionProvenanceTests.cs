using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>The Provenance the gateway adds to a pushed document after hashing it.</summary>
public class SubmissionProvenanceTests
{
    private static readonly SubmissionContext Context = SampleDocuments.Context;

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void Appending_gives_the_bytes_of_the_document_mapped_with_its_provenance(string kind, string file)
    {
        var prepared = SampleDocuments.Prepare(kind, file);
        var withoutProvenance = FhirJson.SerializeToUtf8(prepared.Bundle);

        var json = SubmissionProvenance.Append(prepared, withoutProvenance, Context);

        // The same bytes as the SDK serializing the Bundle with its new entry, and as mapping the
        // document with the context in one go.
        Assert.Equal(FhirJson.SerializeToUtf8(prepared.Bundle), json);
        Assert.Equal(FhirJson.SerializeToUtf8(new PcpeDocumentMapper(TerminologyIndex.Embedded).ToTransaction(prepared.Source!, Context)), json);
        Assert.Empty(ConformanceChecker.Embedded.Check(FhirJson.Deserialize<Bundle>(json)));
    }

    [Fact]
    public void The_provenance_names_the_client_the_structure_and_the_time_and_covers_every_resource()
    {
        var prepared = SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json");
        var resources = prepared.Bundle.Entry.Select(e => e.FullUrl).ToList();

        var bundle = FhirJson.Deserialize<Bundle>(SubmissionProvenance.Append(prepared, FhirJson.SerializeToUtf8(prepared.Bundle), Context));

        var entry = bundle.Entry[^1];
        var provenance = Assert.IsType<Provenance>(entry.Resource);
        Assert.Equal($"Provenance/{provenance.Id}", entry.Request!.Url);
        Assert.Equal(Bundle.HTTPVerb.PUT, entry.Request.Method);
        Assert.Equal(resources, provenance.Target.Select(t => t.Reference));
        Assert.Equal(Context.ReceivedAt, provenance.Recorded);
        var structure = bundle.Entry.Single(e => e.Resource is Organization o && o.Identifier[0].Value == "340000017").FullUrl;
        Assert.Equal(structure, provenance.Agent.Single(a => a.Type!.Coding[0].Code == "author").Who!.Reference);
        Assert.Equal("dui-alpha", provenance.Agent.Single(a => a.Type!.Coding[0].Code == "assembler").Who!.Identifier!.Value);
    }

    [Fact]
    public void The_same_version_pushed_again_later_gets_the_same_provenance_id()
    {
        var first = SampleDocuments.Prepare(DocumentKinds.Plan, "plan-minimal.json");
        var again = SampleDocuments.Prepare(DocumentKinds.Plan, "plan-minimal.json");

        SubmissionProvenance.Append(first, FhirJson.SerializeToUtf8(first.Bundle), Context);
        SubmissionProvenance.Append(again, FhirJson.SerializeToUtf8(again.Bundle), Context with { ReceivedAt = Context.ReceivedAt.AddHours(3) });

        // A receiver given both keeps one Provenance (PUT on a stable id), updated to the later push.
        Assert.Equal(first.Bundle.Entry[^1].Resource!.Id, again.Bundle.Entry[^1].Resource!.Id);
    }
}
