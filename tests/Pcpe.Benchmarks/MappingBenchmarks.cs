using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Pcpe.Fhir;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Benchmarks;

/// <summary>
/// A realistic plan (samples/plan-full.json: 40 resources once mapped) read, checked, mapped and
/// serialized, side by side with the Firely SDK's own parse + serialize of that same Bundle; and the
/// profile conformance check side by side with the SDK's serialization of that Bundle. Also on
/// samples/plan-minimal.json, the plan the load runs push (api-load), to see what a push costs there.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private DocumentPipeline _pipeline = null!;
    private byte[] _plan = null!;
    private byte[] _bundleJson = null!;
    private Bundle _bundle = null!;

    [Params("plan-full.json", "plan-minimal.json")]
    public string Sample { get; set; } = "plan-full.json";

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        _plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", Sample));
        _bundle = _pipeline.Prepare(DocumentKinds.Plan, _plan).Document!.Bundle;
        _bundleJson = FhirJson.SerializeToUtf8(_bundle);
        if (ConformanceChecker.Embedded.Check(_bundle).Count > 0)
        {
            throw new InvalidOperationException("the sample does not conform: fix it before measuring");
        }
    }

    [Benchmark(Description = "PCPE JSON -> checked, mapped, serialized Bundle")]
    public byte[] MapPlan() => FhirJson.SerializeToUtf8(_pipeline.Prepare(DocumentKinds.Plan, _plan).Document!.Bundle);

    [Benchmark(Description = "Input scan of the PCPE JSON (keys, nulls, control characters), part of each push")]
    public bool ScanPlan() => JsonInputScan.Check(_plan, JsonInputScan.Rules.Pcpe, []);

    [Benchmark(Description = "Input scan of the mapped Bundle's JSON, as POST /fhir runs it")]
    public bool ScanBundle() => JsonInputScan.Check(_bundleJson, JsonInputScan.Rules.Fhir("Bundle"), []);

    [Benchmark(Baseline = true, Description = "Firely parse + serialize of the same Bundle")]
    public byte[] FirelyRoundTrip() => FhirJson.SerializeToUtf8(FhirJson.Deserialize<Bundle>(_bundleJson));

    [Benchmark(Description = "Firely serialize of the Bundle")]
    public byte[] FirelySerialize() => FhirJson.SerializeToUtf8(_bundle);

    [Benchmark(Description = "Conformance check: profile rules (what each push runs)")]
    public int ProfileCheck() => ConformanceChecker.Embedded.Check(_bundle, ConformanceScope.Profiles | ConformanceScope.RequireKnownProfile).Count;

    [Benchmark(Description = "Conformance check: profile rules + base R4 rules (tests, CI)")]
    public int FullCheck() => ConformanceChecker.Embedded.Check(_bundle).Count;
}
