using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Pcpe.Fhir.Conformance;

/// <summary>
/// Turns StructureDefinition differentials into <see cref="ProfileRules"/>. Hand-written for the
/// push's hot path, where the Firely validator is too slow (docs/performance.md); it understands the subset profiles/ uses
/// (cardinality, fixed/pattern, required bindings, types and reference targets, slices on a pattern
/// or an extension URL, FHIRPath constraints) and refuses anything else at load time, so a profile
/// can never be silently half-checked.
/// </summary>
internal static class ProfileCompiler
{
    private static readonly FhirPathCompiler FhirPath = new();

    public static ProfileRules Compile(StructureDefinition definition)
    {
        var url = definition.Url ?? throw new InvalidOperationException("a StructureDefinition without url");
        if (definition.Derivation != StructureDefinition.TypeDerivationRule.Constraint || definition.Differential is null)
        {
            throw new InvalidOperationException($"{url}: only constraint profiles with a differential are supported");
        }

        var type = definition.Type ?? throw new InvalidOperationException($"{url}: no type");
        var elements = new List<ElementRule>();
        var rootInvariants = new List<InvariantRule>();
        foreach (var element in definition.Differential.Element)
        {
            var path = element.Path ?? throw new InvalidOperationException($"{url}: an element without path");
            if (path == type)
            {
                rootInvariants.AddRange(Invariants(element, url));
                continue;
            }

            if (RestatesSlicePattern(definition, element))
            {
                continue;
            }

            if (!path.StartsWith(type + ".", StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{url}: unsupported element path {path}");
            }

            var steps = path[(type.Length + 1)..].Split('.').Select(s => s.Replace("[x]", string.Empty, StringComparison.Ordinal)).ToArray();
            var extensionProfile = element.Type.Count == 1 && element.Type[0].Code == "Extension" ? element.Type[0].Profile.FirstOrDefault() : null;
            DataType? slicePattern = null;
            string? sliceUrl = null;
            if (element.SliceName is not null)
            {
                slicePattern = element.Pattern;
                sliceUrl = extensionProfile;
                if (slicePattern is null && sliceUrl is null)
                {
                    throw new InvalidOperationException($"{url}: slice {element.ElementId} needs a pattern or an extension profile");
                }
            }

            var targets = element.Type.Where(t => t.Code == "Reference").SelectMany(t => t.TargetProfile).OfType<string>().Select(TargetType).ToList();
            var types = element.Type.Where(t => t.Code is not ("Reference" or "Extension")).Select(t => t.Code).OfType<string>().ToList();
            if (element.Binding is { } binding && binding.Strength != BindingStrength.Required)
            {
                throw new InvalidOperationException($"{url}: only required bindings are checked ({element.ElementId})");
            }

            elements.Add(new ElementRule(
                new ElementSelector(steps, element.SliceName, slicePattern, sliceUrl),
                element.Min,
                element.Max is null or "*" ? null : int.Parse(element.Max, System.Globalization.CultureInfo.InvariantCulture),
                element.SliceName is null ? element.Pattern : null,
                element.Fixed,
                element.Binding?.ValueSet,
                types,
                targets,
                extensionProfile,
                Invariants(element, url)));
        }

        return new ProfileRules(url, type, elements, rootInvariants);
    }

    // A slice's system fixed again on its own system element (what the Firely validator discriminates
    // on) says nothing the slice's patternIdentifier does not; anything else inside a slice is unsupported.
    private static bool RestatesSlicePattern(StructureDefinition definition, ElementDefinition element)
    {
        var id = element.ElementId ?? string.Empty;
        var parentId = id.Contains('.', StringComparison.Ordinal) ? id[..id.LastIndexOf('.')] : string.Empty;
        if (!parentId.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        var parent = definition.Differential!.Element.FirstOrDefault(e => e.ElementId == parentId);
        return id.EndsWith(".system", StringComparison.Ordinal) && parent?.Pattern is Identifier { System: { } system }
            && element.Pattern is FhirUri { Value: { } value } && value == system
            ? true
            : throw new InvalidOperationException($"{definition.Url}: unsupported element {id} inside a slice");
    }

    private static List<InvariantRule> Invariants(ElementDefinition element, string url)
        => element.Constraint.Select(c =>
        {
            var expression = c.Expression ?? throw new InvalidOperationException($"{url}: constraint {c.Key} has no expression");
            return new InvariantRule(c.Key ?? "?", c.Human ?? c.Key ?? "?", FhirPath.Compile(expression));
        }).ToList();

    // Base R4 profiles name the type; the gateway's own profiles are resolved to their type by the checker.
    private static string TargetType(string canonical) => canonical[(canonical.LastIndexOf('/') + 1)..];
}
