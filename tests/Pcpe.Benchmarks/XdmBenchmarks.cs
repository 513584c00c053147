using BenchmarkDotNet.Attributes;
using Pcpe.Mss.Xdm;
using Pcpe.Testing;

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

    internal static XdmSubmission Package(byte[] document)
        => XdmSamples.Submission("295109912611193", "1.2.250.1.213.1.4.10", XdmSamples.Document(document, "application/pdf", "PDF", "2.25.3"));
}
