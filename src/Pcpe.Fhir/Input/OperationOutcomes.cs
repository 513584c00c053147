using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Input;

/// <summary>Builds FHIR OperationOutcomes for callers from input issues.</summary>
public static class OperationOutcomes
{
    public static OperationOutcome FromIssues(IEnumerable<InputIssue> issues) => new()
    {
        Issue = issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = i.Kind switch
            {
                InputIssueKind.Structure => OperationOutcome.IssueType.Structure,
                InputIssueKind.Required => OperationOutcome.IssueType.Required,
                InputIssueKind.UnknownCode => OperationOutcome.IssueType.CodeInvalid,
                InputIssueKind.BusinessRule => OperationOutcome.IssueType.BusinessRule,
                _ => OperationOutcome.IssueType.Value,
            },
            Diagnostics = i.Message,
            Expression = [i.Path],
        }).ToList(),
    };

    public static OperationOutcome Single(OperationOutcome.IssueType type, string message, OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error)
        => new() { Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = type, Diagnostics = message }] };
}
