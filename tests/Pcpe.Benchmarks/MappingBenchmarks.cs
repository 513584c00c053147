using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Benchmarks;

/// <summary>
/// Mapping a PCPE plan to a serialized FHIR Bundle, side by side with the Firely SDK's own parse +
/// serialize of that same Bundle (the reference the mapping is measured against).
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private SupportPlanPipeline _pipeline = null!;
    private byte[] _plan = null!;
    private byte[] _bundleJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = new SupportPlanPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true });
        _plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "plan-minimal.json"));
        _bundleJson = FhirJson.SerializeToUtf8(_pipeline.Prepare(_plan).Document!.Bundle);
    }

    [Benchmark(Description = "PCPE JSON -> checked, mapped, serialized Bundle")]
    public byte[] MapPlan() => FhirJson.SerializeToUtf8(_pipeline.Prepare(_plan).Document!.Bundle);

    [Benchmark(Baseline = true, Description = "Firely parse + serialize of the same Bundle")]
    public byte[] FirelyRoundTrip() => FhirJson.SerializeToUtf8(FhirJson.Deserialize<Bundle>(_bundleJson));
}
