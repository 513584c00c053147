using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>Any PCPE document → its FHIR transaction Bundle, through the mapper of its kind.</summary>
public sealed class PcpeDocumentMapper(TerminologyIndex terminology)
{
    private readonly SupportPlanMapper _plans = new(terminology);
    private readonly FunctionalAssessmentMapper _assessments = new(terminology);
    private readonly TransitionPlanMapper _transitions = new(terminology);

    public Bundle ToTransaction(IPcpeDocument document, SubmissionContext? context = null) => document switch
    {
        SupportPlan plan => _plans.ToTransaction(plan, context),
        FunctionalAssessment assessment => _assessments.ToTransaction(assessment, context),
        TransitionPlan transition => _transitions.ToTransaction(transition, context),
        _ => throw new ArgumentOutOfRangeException(nameof(document), document.GetType().Name, "unknown document type"),
    };
}
