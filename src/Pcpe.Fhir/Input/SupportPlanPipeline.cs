using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Read → check → map a support plan pushed as PCPE JSON. Pure: no I/O.</summary>
public sealed class SupportPlanPipeline(TerminologyIndex terminology, ValidationPolicy policy)
{
    public const string Kind = "plan";

    private readonly SupportPlanValidator _validator = new(terminology, policy);
    private readonly SupportPlanMapper _mapper = new(terminology);

    public PreparationResult Prepare(ReadOnlySpan<byte> utf8Json)
    {
        var issues = new List<InputIssue>();
        var plan = PcpeJson.Read<SupportPlan>(utf8Json, issues);
        if (plan is null)
        {
            return new PreparationResult(null, issues);
        }

        _validator.Validate(plan, issues);
        if (issues.Count > 0)
        {
            return new PreparationResult(null, issues);
        }

        var bundle = _mapper.ToTransaction(plan);
        return new PreparationResult(
            new PreparedDocument(Kind, plan.DocumentId, plan.Version, plan.Structure.Finess, plan.Sharing, bundle),
            issues);
    }
}
