using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Conformance;

/// <summary>One way a resource departs from its profile.</summary>
/// <param name="Location">FHIRPath location of the element at fault (<c>Bundle.entry[2].resource.category[0]</c>).</param>
/// <param name="Message">What is wrong, naming the profile rule.</param>
/// <param name="Type">The OperationOutcome issue type.</param>
public sealed record ConformanceIssue(string Location, string Message, OperationOutcome.IssueType Type);
