using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Pcpe.Documents.Cda;
using Pcpe.Documents.Pdf;
using Pcpe.Documents.ValueSets;
using Pcpe.Fhir;
using Pcpe.Fhir.Documents;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;
using Pcpe.Mss.Xdm;

namespace Pcpe.Benchmarks;

/// <summary>
/// What a hospital's mail costs to build for samples/plan-full.json as a health establishment receives it: the
/// stored transaction read back, the readable document, its PDF, the CDA R2 N1 embedding it, and IHE_XDM.ZIP
/// (what DocumentPackageBuilder and MssChannel do, without the store lookup and the SMTP sending).
/// </summary>
[MemoryDiagnoser]
public class DocumentPackageBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);
    private readonly ReadableDocumentBuilder _readable = new(TerminologyIndex.Embedded);
    private byte[] _payload = null!;
    private MinimisationRule _rule = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        var plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "plan-full.json"));
        _payload = FhirJson.SerializeToUtf8(pipeline.Prepare(DocumentKinds.Plan, plan).Document!.Bundle);
        _rule = MinimisationPolicy.Default.RuleFor(RecipientCategory.HealthEstablishment)!;
    }

    [Benchmark(Description = "plan-full: read back + PDF + CDA N1 + XDM")]
    public byte[] CdaPackage()
    {
        var model = PcpeBundleReader.Read(FhirJson.Deserialize<Bundle>(_payload), [])!;
        var document = _readable.Build(model) with { Withheld = WithheldDescriptions.Of(_rule) };
        var pdf = DocumentPdfRenderer.Render(document, Now);
        var type = CisisValueSets.Require(CisisValueSets.TypeCode, document.Type.Code);
        var cda = ClinicalDocumentBuilder.Build(document, new CdaSending
        {
            DocumentOid = "2.25.77",
            SetOid = "2.25.78",
            CreatedAt = Now,
            LocalPatientIdOid = "1.2.250.1.71.4.2.7",
            GatewayOid = "2.25.1",
            HealthcareFacilityType = CisisValueSets.Require(CisisValueSets.HealthcareFacilityTypeCode, "SA16"),
            PracticeSetting = CisisValueSets.Require(CisisValueSets.PracticeSettingCode, "ESSMS"),
            Confidentiality = CisisValueSets.Require(CisisValueSets.ConfidentialityCode, "N"),
            Pdf = pdf,
        });
        XdmCode Code(CisisConcept c) => new(c.Code, c.CodeSystem, c.Display);
        return XdmPackageWriter.Write(new XdmSubmission
        {
            PatientId = "253072B07300470^^^&1.2.250.1.213.1.4.10&ISO",
            UniqueId = "2.25.79",
            SourceId = "2.25.1",
            AuthorInstitution = XdmIdentifiers.InstitutionByFiness(document.Structure.Name, document.Structure.Finess),
            ContentTypeCode = Code(type),
            SubmissionTime = Now,
            Documents =
            [
                new XdmDocument
                {
                    Content = cda,
                    MimeType = "text/xml",
                    Extension = "XML",
                    Title = document.Title,
                    UniqueId = "2.25.77",
                    ClassCode = Code(XdsClassCodes.Of(type.Code)),
                    TypeCode = Code(type),
                    FormatCode = Code(CisisValueSets.Require(CisisValueSets.FormatCode, "urn:ihe:iti:xds-sd:pdf:2008")),
                    HealthcareFacilityTypeCode = Code(CisisValueSets.Require(CisisValueSets.HealthcareFacilityTypeCode, "SA16")),
                    PracticeSettingCode = Code(CisisValueSets.Require(CisisValueSets.PracticeSettingCode, "ESSMS")),
                    ConfidentialityCode = Code(CisisValueSets.Require(CisisValueSets.ConfidentialityCode, "N")),
                    CreationTime = Now,
                },
            ],
        });
    }
}
