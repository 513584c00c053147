using System.Text;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;

namespace Pcpe.Fhir.Tests;

/// <summary>The samples of samples/, read and prepared as a DUI's push would be.</summary>
internal static class SampleDocuments
{
    public static readonly DocumentPipeline Pipeline = new(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, ConformanceChecker.Embedded);

    /// <summary>Who pushed and when, for the Provenance of mapped samples.</summary>
    public static readonly SubmissionContext Context = new("dui-alpha", new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(1)));

    public static byte[] Bytes(string file) => File.ReadAllBytes(TestEnvironment.Sample(file));

    public static PreparedDocument Prepare(string kind, string file)
    {
        var result = Pipeline.Prepare(kind, Bytes(file));
        Assert.True(result.Succeeded, string.Join("; ", result.Issues.Select(i => $"{i.Path}: {i.Message}")));
        return result.Document!;
    }

    /// <summary>The transaction JSON as the gateway stores and relays it: with its Provenance.</summary>
    public static byte[] AsRelayed(PreparedDocument document)
        => Pcpe.Fhir.Mapping.SubmissionProvenance.Append(document, FhirJson.SerializeToUtf8(document.Bundle), Context);

    public static PreparationResult PrepareJson(string kind, string json) => Pipeline.Prepare(kind, Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string> All() => new()
    {
        { DocumentKinds.Plan, "plan-minimal.json" },
        { DocumentKinds.Plan, "plan-full.json" },
        { DocumentKinds.Assessment, "assessment.json" },
        { DocumentKinds.Transition, "transition.json" },
    };
}
