using System.Collections.Frozen;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Hl7.FhirPath;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Conformance;

/// <summary>
/// Checks resources against the StructureDefinitions of profiles/ (differentials on base R4): the
/// base R4 cardinalities and primitive formats through the SDK's POCO validation, then every rule of
/// the claimed profiles (cardinality, fixed/pattern, required bindings against the ValueSets of
/// profiles/terminology, choice types, reference targets resolved in the bundle, identifier and
/// extension slices, FHIRPath invariants by the SDK's evaluator). Issues
/// carry FHIRPath locations.
/// </summary>
public sealed class ConformanceChecker
{
    private readonly FrozenDictionary<string, ProfileRules> _profiles;
    private readonly TerminologyIndex _terminology;

    public ConformanceChecker(IEnumerable<StructureDefinition> definitions, TerminologyIndex terminology)
    {
        _profiles = definitions.Select(ProfileCompiler.Compile).ToFrozenDictionary(p => p.Url, StringComparer.Ordinal);
        _terminology = terminology;
    }

    /// <summary>The checker for the embedded profiles/ (StructureDefinitions and terminology), built on first use.</summary>
    public static ConformanceChecker Embedded => LazyEmbedded.Value;

    private static readonly Lazy<ConformanceChecker> LazyEmbedded = new(() => new ConformanceChecker(ProfileResources.Load<StructureDefinition>(), TerminologyIndex.Embedded));

    /// <summary>Canonical URLs of the profiles this checker knows.</summary>
    public IEnumerable<string> Profiles => _profiles.Keys;

    /// <summary>Checks every entry of a bundle against the profiles its resources claim in meta.profile.</summary>
    public IReadOnlyList<ConformanceIssue> Check(Bundle bundle, ConformanceScope scope = ConformanceScope.Full)
    {
        var issues = new List<ConformanceIssue>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry)
        {
            if (entry.FullUrl is { } fullUrl && entry.Resource is { } r)
            {
                types.TryAdd(fullUrl, r.TypeName);
            }

            if (entry.Resource is { Id: { } id } withId)
            {
                types.TryAdd($"{withId.TypeName}/{id}", withId.TypeName);
            }
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is { } resource)
            {
                CheckResource(resource, $"Bundle.entry[{i}].resource", types, scope, issues);
            }
        }

        return issues;
    }

    /// <summary>The issues as an OperationOutcome (errors, with FHIRPath expressions).</summary>
    public static OperationOutcome ToOutcome(IEnumerable<ConformanceIssue> issues) => new()
    {
        Issue = issues.Select(i => new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = i.Type,
            Diagnostics = i.Message,
            Expression = [i.Location],
        }).ToList(),
    };

    private void CheckResource(Resource resource, string location, Dictionary<string, string> types, ConformanceScope scope, List<ConformanceIssue> issues)
    {
        var prefix = resource.TypeName;
        string Where(string pocoLocation) => location + pocoLocation[prefix.Length..];

        foreach (var problem in scope.HasFlag(ConformanceScope.BaseRules) ? resource.Validate(NarrativeValidationKind.FhirXhtml, null) : [])
        {
            issues.Add(new(Where(problem.InstancePath ?? prefix), "base R4: " + problem.BaseErrorMessage, OperationOutcome.IssueType.Structure));
        }

        var claimed = resource.Meta?.Profile.OfType<string>().Where(_profiles.ContainsKey).ToList() ?? [];
        if (claimed.Count == 0 && scope.HasFlag(ConformanceScope.RequireKnownProfile))
        {
            issues.Add(new(location + ".meta.profile", "the resource claims none of the gateway's profiles", OperationOutcome.IssueType.Structure));
        }

        var root = new ElementNode(resource, null, resource.TypeName, null);
        foreach (var url in scope.HasFlag(ConformanceScope.Profiles) ? claimed : [])
        {
            var profile = _profiles[url];
            if (profile.Type != resource.TypeName)
            {
                issues.Add(new(location, $"{ProfileName(url)} is a profile of {profile.Type}", OperationOutcome.IssueType.Structure));
                continue;
            }

            CheckRules(profile, root, Where, types, issues);
        }
    }

    private void CheckRules(ProfileRules profile, ElementNode root, Func<string, string> where, Dictionary<string, string> types, List<ConformanceIssue> issues)
    {
        var name = ProfileName(profile.Url);
        foreach (var invariant in profile.RootInvariants)
        {
            Invariant(invariant, root, name, where, issues);
        }

        foreach (var rule in profile.Elements)
        {
            var steps = rule.Selector.Steps;
            foreach (var parent in Navigate(root, steps.Take(steps.Count - 1)))
            {
                var children = Matching(parent, steps[^1], rule.Selector).ToList();
                if (rule.Min is { } min && children.Count < min)
                {
                    issues.Add(new(where(parent.Location) + "." + steps[^1], $"{name}: {rule.Selector.Path} needs at least {min} (found {children.Count})", OperationOutcome.IssueType.Required));
                }

                if (rule.Max is { } max && children.Count > max)
                {
                    issues.Add(new(where(parent.Location) + "." + steps[^1], $"{name}: {rule.Selector.Path} allows at most {max} (found {children.Count})", OperationOutcome.IssueType.Structure));
                }

                foreach (var child in children)
                {
                    CheckValue(rule, child, name, where, types, issues);
                }
            }
        }
    }

    private void CheckValue(ElementRule rule, ElementNode node, string name, Func<string, string> where, Dictionary<string, string> types, List<ConformanceIssue> issues)
    {
        var value = node.Value;
        var path = rule.Selector.Path;
        if (rule.Pattern is { } pattern && !value.Matches(pattern))
        {
            issues.Add(new(where(node.Location), $"{name}: {path} does not match the value the profile requires", OperationOutcome.IssueType.Value));
        }

        if (rule.Fixed is { } fixedValue && !value.IsExactly(fixedValue))
        {
            issues.Add(new(where(node.Location), $"{name}: {path} differs from its fixed value", OperationOutcome.IssueType.Value));
        }

        if (rule.AllowedTypes.Count > 0 && !rule.AllowedTypes.Contains(value.TypeName))
        {
            issues.Add(new(where(node.Location), $"{name}: {path} must be of type {string.Join(" or ", rule.AllowedTypes)}, not {value.TypeName}", OperationOutcome.IssueType.Structure));
        }

        if (rule.RequiredValueSet is { } valueSet && !InValueSet(value, valueSet))
        {
            issues.Add(new(where(node.Location), $"{name}: {path} has no code from the required value set {valueSet}", OperationOutcome.IssueType.CodeInvalid));
        }

        if (rule.AllowedTargets.Count > 0 && value is ResourceReference reference && TargetProblem(reference, rule.AllowedTargets, types) is { } problem)
        {
            issues.Add(new(where(node.Location), $"{name}: {path} {problem}", OperationOutcome.IssueType.Structure));
        }

        if (rule.ExtensionProfile is { } extensionUrl && _profiles.TryGetValue(extensionUrl, out var extensionProfile))
        {
            CheckRules(extensionProfile, node, where, types, issues);
        }

        foreach (var invariant in rule.Invariants)
        {
            Invariant(invariant, node, name, where, issues);
        }
    }

    private static void Invariant(InvariantRule invariant, ElementNode node, string name, Func<string, string> where, List<ConformanceIssue> issues)
    {
        if (!Evaluate(invariant.Expression, node.Value))
        {
            issues.Add(new(where(node.Location), $"{name}: {invariant.Key}: {invariant.Human}", OperationOutcome.IssueType.Invariant));
        }
    }

    /// <summary>The SDK's verdict on a FHIRPath invariant: an empty result holds, an evaluation error does not.</summary>
    internal static bool Evaluate(CompiledExpression expression, Base value)
    {
        try
        {
            return expression.Predicate(value, new FhirEvaluationContext());
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private bool InValueSet(Base value, string valueSet) => value switch
    {
        CodeableConcept concept => concept.Coding.Any(c => c.Code is not null && _terminology.ValueSetContains(valueSet, c.System, c.Code)),
        Coding coding => coding.Code is not null && _terminology.ValueSetContains(valueSet, coding.System, coding.Code),
        Code { Value: { } code } => _terminology.ValueSetContains(valueSet, null, code),
        FhirString { Value: { } code } => _terminology.ValueSetContains(valueSet, null, code),
        _ => false,
    };

    private static string? TargetProblem(ResourceReference reference, IReadOnlyList<string> allowed, Dictionary<string, string> types)
    {
        string? actual = null;
        if (reference.Reference is { } target)
        {
            if (target.StartsWith("urn:uuid:", StringComparison.Ordinal))
            {
                if (!types.TryGetValue(target, out actual))
                {
                    return "refers to a resource that is not in the bundle";
                }
            }
            else
            {
                actual = types.TryGetValue(target, out var known) ? known : target.Split('/') is [.., var type, _] ? type : null;
            }
        }

        actual ??= reference.Type;
        return actual is null || allowed.Contains(actual) ? null : $"refers to a {actual}; allowed: {string.Join(", ", allowed)}";
    }

    private static List<ElementNode> Navigate(ElementNode root, IEnumerable<string> steps)
    {
        List<ElementNode> current = [root];
        foreach (var step in steps)
        {
            var next = new List<ElementNode>();
            foreach (var node in current)
            {
                next.AddRange(Children(node, step));
            }

            current = next;
        }

        return current;
    }

    private static IEnumerable<ElementNode> Matching(ElementNode parent, string step, ElementSelector selector)
    {
        var children = Children(parent, step);
        if (selector.SliceExtensionUrl is { } url)
        {
            return children.Where(c => c.Value is Extension e && e.Url == url);
        }

        return selector.SlicePattern is { } pattern ? children.Where(c => c.Value.Matches(pattern)) : children;
    }

    // The POCOs' generated element lookup: no reflection, no node objects for what is not visited.
    private static List<ElementNode> Children(ElementNode node, string name)
    {
        if (!node.Value.TryGetValue(name, out var child) || child is null)
        {
            return [];
        }

        if (child is Base single)
        {
            return [new ElementNode(single, node, name, null)];
        }

        var list = new List<ElementNode>();
        if (child is System.Collections.IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                if (item is Base b)
                {
                    list.Add(new ElementNode(b, node, name, i));
                }

                i++;
            }
        }

        return list;
    }

    private static string ProfileName(string url) => url[(url.LastIndexOf('/') + 1)..];

    /// <summary>An element being checked, with what is needed to say where it is.</summary>
    private sealed record ElementNode(Base Value, ElementNode? Parent, string Name, int? Index)
    {
        public string Location => (Parent is null ? Name : $"{Parent.Location}.{Name}") + (Index is { } i ? $"[{i}]" : string.Empty);
    }
}
