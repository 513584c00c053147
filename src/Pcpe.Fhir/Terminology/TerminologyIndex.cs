using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Terminology;

/// <summary>
/// Codes and displays of the national value sets and code systems shipped in profiles/terminology,
/// indexed once. Value sets in those files enumerate their concepts (compose.include.concept).
/// </summary>
public sealed class TerminologyIndex
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, (string Display, string System)>> _valueSets;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _codeSystems;

    private TerminologyIndex(
        FrozenDictionary<string, FrozenDictionary<string, (string Display, string System)>> valueSets,
        FrozenDictionary<string, FrozenDictionary<string, string>> codeSystems)
    {
        _valueSets = valueSets;
        _codeSystems = codeSystems;
    }

    /// <summary>The index of the embedded profiles/ terminology, built on first use.</summary>
    public static TerminologyIndex Embedded => LazyEmbedded.Value;

    private static readonly Lazy<TerminologyIndex> LazyEmbedded = new(() => Build(ProfileResources.Load<Resource>().ToList()));

    /// <summary>Builds an index from ValueSet and CodeSystem resources.</summary>
    public static TerminologyIndex Build(IEnumerable<Resource> resources)
    {
        var valueSets = new Dictionary<string, FrozenDictionary<string, (string Display, string System)>>(StringComparer.Ordinal);
        var codeSystems = new Dictionary<string, FrozenDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            switch (resource)
            {
                case ValueSet vs when vs.Url is not null:
                    valueSets[vs.Url] = vs.Compose?.Include
                        .SelectMany(i => i.Concept.Select(c => (Include: i, Concept: c)))
                        .Where(p => p.Concept.Code is not null)
                        .DistinctBy(p => p.Concept.Code)
                        .ToFrozenDictionary(p => p.Concept.Code!, p => (p.Concept.Display ?? p.Concept.Code!, p.Include.System ?? string.Empty), StringComparer.Ordinal)
                        ?? FrozenDictionary<string, (string Display, string System)>.Empty;
                    break;
                case CodeSystem cs when cs.Url is not null:
                    codeSystems[cs.Url] = Flatten(cs.Concept)
                        .Where(c => c.Code is not null)
                        .DistinctBy(c => c.Code)
                        .ToFrozenDictionary(c => c.Code!, c => c.Display ?? c.Code!, StringComparer.Ordinal);
                    break;
            }
        }

        return new TerminologyIndex(valueSets.ToFrozenDictionary(StringComparer.Ordinal), codeSystems.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Display of <paramref name="code"/> in the value set, or null when the code is not in it.</summary>
    public string? DisplayInValueSet(string valueSetUrl, string code)
        => _valueSets.TryGetValue(valueSetUrl, out var codes) && codes.TryGetValue(code, out var entry) ? entry.Display : null;

    /// <summary>True when the value set holds <paramref name="code"/> of <paramref name="system"/> (any system when null).</summary>
    public bool ValueSetContains(string valueSetUrl, string? system, string code)
        => _valueSets.TryGetValue(valueSetUrl, out var codes) && codes.TryGetValue(code, out var entry) && (system is null || entry.System == system);

    /// <summary>Display of <paramref name="code"/> in the code system, or null when unknown.</summary>
    public string? DisplayInCodeSystem(string codeSystemUrl, string code)
        => _codeSystems.TryGetValue(codeSystemUrl, out var codes) && codes.TryGetValue(code, out var display) ? display : null;

    /// <summary>True when the value set is known to this index.</summary>
    public bool HasValueSet(string valueSetUrl) => _valueSets.ContainsKey(valueSetUrl);

    private static IEnumerable<CodeSystem.ConceptDefinitionComponent> Flatten(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts)
        => concepts.SelectMany(c => new[] { c }.Concat(Flatten(c.Concept)));
}
