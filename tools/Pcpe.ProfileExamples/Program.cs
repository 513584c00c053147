using System.Text.Encodings.Web;
using System.Text.Json;
using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

// dotnet run --project tools/Pcpe.ProfileExamples -- <repository root>
// Refuses to write an example that does not meet the profiles.
var root = args is [var given] ? given : Directory.GetCurrentDirectory();
var terminology = TerminologyIndex.Embedded;
var pipeline = new DocumentPipeline(terminology, new ValidationPolicy { AcceptTestIdentities = true }, ConformanceChecker.Embedded);
var when = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
var context = new SubmissionContext("dui-exemple", when);
var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

foreach (var (kind, sample, name) in new[] { (DocumentKinds.Plan, "plan-full.json", "plan"), (DocumentKinds.Assessment, "assessment.json", "assessment"), (DocumentKinds.Transition, "transition.json", "transition") })
{
    var prepared = pipeline.Prepare(kind, File.ReadAllBytes(Path.Combine(root, "samples", sample)));
    if (!prepared.Succeeded)
    {
        Console.Error.WriteLine($"{sample}: {string.Join("; ", prepared.Issues.Select(i => $"{i.Path}: {i.Message}"))}");
        return 1;
    }

    var document = prepared.Document!.Source!;
    var transaction = new PcpeDocumentMapper(terminology).ToTransaction(document, context);
    Write($"Bundle-{name}-transaction.json", transaction);
    Write($"Bundle-{name}-document.json", new DocumentBundleBuilder(terminology).Build(document, transaction, when));
}

return 0;

void Write(string file, Bundle bundle)
{
    var issues = ConformanceChecker.Embedded.Check(bundle);
    if (issues.Count > 0)
    {
        throw new InvalidOperationException($"{file}: {issues[0].Location}: {issues[0].Message}");
    }

    var json = JsonSerializer.Serialize(JsonDocument.Parse(FhirJson.SerializeToUtf8(bundle)).RootElement, indented);
    File.WriteAllText(Path.Combine(root, "profiles", "examples", file), json + "\n");
    Console.WriteLine($"profiles/examples/{file}");
}
