namespace Pcpe.Fhir.Input;

/// <summary>What kind of problem an input has; maps to FHIR OperationOutcome issue types.</summary>
public enum InputIssueKind
{
    /// <summary>Unreadable document (not JSON, wrong types, unknown fields).</summary>
    Structure,
    /// <summary>A required element is missing.</summary>
    Required,
    /// <summary>A value is malformed or fails a check (INS key, FINESS, dates).</summary>
    Invalid,
    /// <summary>A code is not in the value set it is bound to.</summary>
    UnknownCode,
    /// <summary>Two values contradict each other (dates out of order, period outside the plan).</summary>
    BusinessRule,
}

/// <summary>One problem found in a pushed document, located by a JSON path (<c>$.person.ins.number</c>).</summary>
/// <param name="Path">Where the problem is, as a JSON path into the document as sent.</param>
/// <param name="Message">What is wrong, in words an integrator acts on. Never holds the offending personal data.</param>
/// <param name="Kind">The kind of problem.</param>
public sealed record InputIssue(string Path, string Message, InputIssueKind Kind);
