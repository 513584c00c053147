using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;
using Pcpe.Fhir.Validation;

namespace Pcpe.Benchmarks;

/// <summary>
/// What checking a mapped plan against the gateway's profiles costs: the hand-written checker the
/// push runs, and the Firely validator (warm: schemas compiled, snapshots generated) on the same Bundle.
/// </summary>
[MemoryDiagnoser]
public class ValidatorBenchmarks
{
    private Bundle _bundle = null!;

    [Params("plan-full.json", "plan-minimal.json")]
    public string Sample { get; set; } = "plan-full.json";

    [GlobalSetup]
    public void Setup()
    {
        var pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        _bundle = pipeline.Prepare(DocumentKinds.Plan, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", Sample))).Document!.Bundle;
        var errors = GatewayFhirValidator.Shared.Validate(_bundle).Issue.Count(i => i.Severity == OperationOutcome.IssueSeverity.Error);
        if (errors > 0 || ConformanceChecker.Embedded.Check(_bundle).Count > 0)
        {
            throw new InvalidOperationException("the sample does not conform: fix it before measuring");
        }
    }

    [Benchmark(Baseline = true, Description = "Hand-written checker: profile rules (what each push runs)")]
    public int HandProfileCheck() => ConformanceChecker.Embedded.Check(_bundle, ConformanceScope.Profiles | ConformanceScope.RequireKnownProfile).Count;

    [Benchmark(Description = "Hand-written checker: profile rules + base R4 rules")]
    public int HandFullCheck() => ConformanceChecker.Embedded.Check(_bundle).Count;

    [Benchmark(Description = "Firely validator: base R4 + claimed profiles (what $validate runs)")]
    public int FirelyValidate() => GatewayFhirValidator.Shared.Validate(_bundle).Issue.Count;
}
