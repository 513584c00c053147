using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Pcpe.Fhir.Conformance;

/// <summary>
/// A StructureDefinition's differential compiled into checkable rules. An element path is split into
/// the steps from the profile's root (<c>CarePlan.activity.detail.code</c> → activity, detail, code);
/// a slice adds a filter on the last step.
/// </summary>
internal sealed record ProfileRules(string Url, string Type, IReadOnlyList<ElementRule> Elements, IReadOnlyList<InvariantRule> RootInvariants);

/// <summary>How instances of one element are picked among their parent's children.</summary>
/// <param name="Steps">Child names from the root; choice elements without their [x].</param>
/// <param name="SliceName">The slice, when the element is one.</param>
/// <param name="SlicePattern">Pattern a child must match to belong to the slice (identifier system).</param>
/// <param name="SliceExtensionUrl">Extension URL a child must have to belong to the slice.</param>
internal sealed record ElementSelector(IReadOnlyList<string> Steps, string? SliceName, DataType? SlicePattern, string? SliceExtensionUrl)
{
    public string Path => string.Join('.', Steps) + (SliceName is null ? string.Empty : ":" + SliceName);
}

/// <summary>Every constraint the differential puts on one element.</summary>
internal sealed record ElementRule(
    ElementSelector Selector,
    int? Min,
    int? Max,
    DataType? Pattern,
    DataType? Fixed,
    string? RequiredValueSet,
    IReadOnlyList<string> AllowedTypes,
    IReadOnlyList<string> AllowedTargets,
    string? ExtensionProfile,
    IReadOnlyList<InvariantRule> Invariants);

/// <summary>A FHIRPath invariant, compiled once.</summary>
/// <param name="Key">The constraint's key (pcpe-pat-1).</param>
/// <param name="Human">What it requires, for the message.</param>
/// <param name="Expression">The expression, compiled by the SDK.</param>
internal sealed record InvariantRule(string Key, string Human, CompiledExpression Expression);
