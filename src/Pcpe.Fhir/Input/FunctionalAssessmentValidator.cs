using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>Business checks of a functional assessment once it is structurally readable. Reports every problem.</summary>
public sealed class FunctionalAssessmentValidator(TerminologyIndex terminology, ValidationPolicy policy)
{
    public void Validate(FunctionalAssessment assessment, List<InputIssue> issues)
    {
        var check = new DocumentChecks(terminology, policy, issues);
        check.Envelope(assessment);
        check.NotInFuture(assessment.Date, "$.date", "the assessment");
        check.NotBeforeBirth(assessment.Person, assessment.Date, "$.date", "the assessment is dated");
        if (assessment.Evaluators.Count == 0)
        {
            check.Add("$.evaluators", "at least one evaluator", InputIssueKind.Required);
        }

        var identifiers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < assessment.Evaluators.Count; i++)
        {
            var evaluator = assessment.Evaluators[i];
            check.Professional(evaluator, $"$.evaluators[{i}]");
            string?[] ids = [evaluator.Rpps is null ? null : "rpps:" + evaluator.Rpps, evaluator.Adeli is null ? null : "adeli:" + evaluator.Adeli, evaluator.InternalId is null ? null : "internal:" + evaluator.InternalId];
            if (ids.OfType<string>().Any(id => !identifiers.Add(id)))
            {
                check.Add($"$.evaluators[{i}]", "two evaluators share an identifier", InputIssueKind.BusinessRule);
            }
        }

        check.Optional(assessment.Method, "$.method");
        if (assessment.Context?.Cdaph is { } cdaph)
        {
            check.Cdaph(cdaph, "$.context.cdaph");
        }

        for (var i = 0; i < assessment.Findings.Count; i++)
        {
            var finding = assessment.Findings[i];
            check.Code(finding.Domain, CodeSystems.FunctionalDomain, $"$.findings[{i}].domain", "a functional domain of pcpe-functional-domain");
            if (finding.Environment is { } environment)
            {
                check.Code(environment, CodeSystems.LifeEnvironment, $"$.findings[{i}].environment", "a life environment of pcpe-life-environment");
            }

            check.Require(finding.Observation, $"$.findings[{i}].observation");
            check.Sensitivity(finding.Sensitivity, $"$.findings[{i}].sensitivity");
        }

        check.RequireEach(assessment.ChallengingBehaviours, "$.challengingBehaviours");

        check.Optional(assessment.CaregiversKnowHow, "$.caregiversKnowHow");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < assessment.Needs.Count; i++)
        {
            var need = assessment.Needs[i];
            check.InValueSet(need.Code, CodeSystems.NeedsValueSet, $"$.needs[{i}].code", "SERAFIN-PH need code (JDV-J285)");
            check.Code(need.Intensity, CodeSystems.NeedIntensity, $"$.needs[{i}].intensity", "low, moderate, high or very-high");
            check.Optional(need.Analysis, $"$.needs[{i}].analysis");
            if (!seen.Add(need.Code))
            {
                check.Add($"$.needs[{i}].code", "this need is listed twice", InputIssueKind.BusinessRule);
            }
        }

        for (var i = 0; i < assessment.Reports.Count; i++)
        {
            var report = assessment.Reports[i];
            check.Require(report.Title, $"$.reports[{i}].title");
            check.Optional(report.ContentType, $"$.reports[{i}].contentType");
            check.Sensitivity(report.Sensitivity, $"$.reports[{i}].sensitivity");
            check.Optional(report.Url, $"$.reports[{i}].url");
            if (report.Url is { } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            {
                check.Add($"$.reports[{i}].url", "an absolute http(s) URL", InputIssueKind.Invalid);
            }
        }
    }
}
