using BenchmarkDotNet.Attributes;
using Pcpe.Mss.Xdm;

namespace Pcpe.Benchmarks;

/// <summary>IHE_XDM.ZIP build and parse (with hash verification) of a 200 KB document; divide 200 KB by the time for MB/s.</summary>
[MemoryDiagnoser]
public class XdmBenchmarks
{
    private byte[] _document = null!;
    private byte[] _zip = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = new byte[200 * 1024];
        new Random(42).NextBytes(_document);
        _zip = XdmPackageWriter.Write(Package(_document));
    }

    [Benchmark(Description = "XDM write, 200 KB document")]
    public byte[] Write() => XdmPackageWriter.Write(Package(_document));

    [Benchmark(Description = "XDM read + verify, 200 KB document")]
    public XdmPackage Read() => XdmPackageReader.Read(_zip);

    internal static XdmSubmission Package(byte[] document) => new()
    {
        PatientId = XdmSubmission.PatientIdFromIns("295109912611193", "1.2.250.1.213.1.4.10"),
        UniqueId = "2.25.1",
        SourceId = "2.25.2",
        AuthorInstitution = "PCPE^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1340000017",
        ContentTypeCode = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note"),
        SubmissionTime = DateTimeOffset.UnixEpoch,
        Documents =
        [
            new XdmDocument
            {
                Content = document,
                MimeType = "application/pdf",
                Extension = "PDF",
                Title = "Plan",
                UniqueId = "2.25.3",
                ClassCode = new("11", "1.2.250.1.213.1.1.4.1", "Synthèse"),
                TypeCode = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note"),
                FormatCode = new("urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "MIME"),
                HealthcareFacilityTypeCode = new("SA07", "1.2.250.1.71.4.2.4", "ESMS"),
                PracticeSettingCode = new("ETABLISSEMENT", "1.2.250.1.213.1.1.4.9", "Etablissement"),
                ConfidentialityCode = new("N", "2.16.840.1.113883.5.25", "Normal"),
                CreationTime = DateTimeOffset.UnixEpoch,
            },
        ],
    };
}
