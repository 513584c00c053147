using BenchmarkDotNet.Attributes;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Benchmarks;

/// <summary>
/// The sharing decision plus the minimisation of the document for one recipient, side by side with
/// mapping the same document (goal: at most 0.3× of it). Plan: samples/plan-full.json for a social
/// worker (the policy removing the most) and for a health professional (nothing removed);
/// assessment: samples/assessment.json for a coordination platform (labelled finding and reports removed).
/// The person has two consents in the registry, the recipient a care-team membership.
/// </summary>
[MemoryDiagnoser]
public class SharingBenchmarks
{
    private DocumentPipeline _pipeline = null!;
    private byte[] _plan = null!;
    private byte[] _assessment = null!;
    private byte[] _planBundle = null!;
    private byte[] _assessmentBundle = null!;
    private SharingRequest _socialWorker = null!;
    private SharingRequest _health = null!;
    private SharingRequest _platform = null!;
    private readonly MinimisationPolicy _policy = MinimisationPolicy.Default;

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = new DocumentPipeline(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, null);
        _plan = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "plan-full.json"));
        _assessment = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", "assessment.json"));
        _planBundle = FhirJson.SerializeToUtf8(_pipeline.Prepare(DocumentKinds.Plan, _plan).Document!.Bundle);
        _assessmentBundle = FhirJson.SerializeToUtf8(_pipeline.Prepare(DocumentKinds.Assessment, _assessment).Document!.Bundle);
        IReadOnlyList<DisclosureConsent> consents =
        [
            new DisclosureConsent { Identifier = "340000017/C1", Status = ConsentStatus.Active, Date = new DateOnly(2026, 1, 1), Provisions = [new ConsentProvision { Type = ProvisionType.Permit, Categories = [RecipientCategory.HealthProfessional] }] },
            new DisclosureConsent { Identifier = "340000017/C2", Status = ConsentStatus.Withdrawn, Date = new DateOnly(2026, 2, 1), Provisions = [new ConsentProvision { Type = ProvisionType.Permit, Recipients = ["finess:750803447"] }] },
        ];
        var sharing = new SharingPreferences { PersonInformed = true };
        var team = new[] { new CareTeamMembership("340000017") };
        var day = new DateOnly(2026, 11, 22);
        _socialWorker = new SharingRequest(DataClass.Plan, "340000017", new RecipientProfile("as", RecipientCategory.SocialWorker, team), sharing, consents, day);
        _health = new SharingRequest(DataClass.Plan, "340000017", new RecipientProfile("med", RecipientCategory.HealthProfessional, team), sharing, consents, day);
        _platform = new SharingRequest(DataClass.Assessment, "340000017", new RecipientProfile("eparcours", RecipientCategory.CoordinationPlatform, team), sharing, consents, day);
        if (!SharingPolicy.Decide(_socialWorker, _policy, _planBundle).Permitted || SharingPolicy.Decide(_platform, _policy, _assessmentBundle).Document!.RemovedResources == 0)
        {
            throw new InvalidOperationException("the benchmark's requests do not exercise minimisation: fix them before measuring");
        }
    }

    [Benchmark(Baseline = true, Description = "Map plan (PCPE JSON -> checked, mapped, serialized)")]
    public byte[] MapPlan() => FhirJson.SerializeToUtf8(_pipeline.Prepare(DocumentKinds.Plan, _plan).Document!.Bundle);

    [Benchmark(Description = "Decide + minimise plan: social worker")]
    public int DecidePlanSocialWorker() => SharingPolicy.Decide(_socialWorker, _policy, _planBundle).Document!.Json.Length;

    [Benchmark(Description = "Floor: System.Text.Json parse of the plan Bundle alone")]
    public int ParsePlanBundle()
    {
        using var document = System.Text.Json.JsonDocument.Parse(_planBundle);
        return document.RootElement.GetProperty("entry").GetArrayLength();
    }

    [Benchmark(Description = "Decide + minimise plan: health professional (nothing removed)")]
    public int DecidePlanHealth() => SharingPolicy.Decide(_health, _policy, _planBundle).Document!.Json.Length;

    [Benchmark(Description = "Map assessment (PCPE JSON -> checked, mapped, serialized)")]
    public byte[] MapAssessment() => FhirJson.SerializeToUtf8(_pipeline.Prepare(DocumentKinds.Assessment, _assessment).Document!.Bundle);

    [Benchmark(Description = "Decide + minimise assessment: coordination platform")]
    public int DecideAssessmentPlatform() => SharingPolicy.Decide(_platform, _policy, _assessmentBundle).Document!.Json.Length;
}
