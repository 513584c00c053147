using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Sharing;

/// <summary>One category's entry of the <see cref="MinimisationPolicy"/>, compiled for fast application.</summary>
public sealed class MinimisationRule
{
    private MinimisationRule(
        IReadOnlySet<DataClass> dataClasses,
        IReadOnlyDictionary<string, IReadOnlySet<string>?> removedResources,
        IReadOnlyDictionary<string, IReadOnlyList<string[]>> removedElements,
        IReadOnlySet<string> removedLabels,
        bool emergencyAccess)
    {
        DataClasses = dataClasses;
        RemovedResources = removedResources;
        RemovedElements = removedElements;
        RemovedLabels = removedLabels;
        EmergencyAccess = emergencyAccess;
    }

    /// <summary>The classes of data this category may receive at all.</summary>
    public IReadOnlySet<DataClass> DataClasses { get; }

    /// <summary>Resource types removed: all of the type (null) or only those claiming one of the profiles.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>?> RemovedResources { get; }

    /// <summary>Element paths removed, per resource type, as path segments below the resource.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string[]>> RemovedElements { get; }

    /// <summary>Security labels (meta.security codes) whose resources this category never receives.</summary>
    public IReadOnlySet<string> RemovedLabels { get; }

    /// <summary>Whether a flagged emergency (R1110-3) is a legal basis for this category.</summary>
    public bool EmergencyAccess { get; }

    /// <summary>True when nothing is ever removed: the document goes as it is.</summary>
    public bool RemovesNothing => RemovedResources.Count == 0 && RemovedElements.Count == 0 && RemovedLabels.Count == 0;

    internal static MinimisationRule Compile(string category, IEnumerable<string> dataClasses, IEnumerable<string> resources, IEnumerable<string> elements, IEnumerable<string> labels, bool emergencyAccess)
    {
        var classes = new HashSet<DataClass>();
        foreach (var code in dataClasses)
        {
            classes.Add(Sharing.DataClasses.Parse(code) ?? throw new FormatException($"minimisation policy: {category}: unknown data class '{code}'"));
        }

        var removed = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        foreach (var selector in resources)
        {
            var colon = selector.IndexOf(':', StringComparison.Ordinal);
            var type = colon < 0 ? selector : selector[..colon];
            CheckType(category, type);
            if (colon < 0)
            {
                removed[type] = null;
            }
            else if (!removed.TryGetValue(type, out var profiles) || profiles is not null)
            {
                (removed[type] = profiles ?? new HashSet<string>(StringComparer.Ordinal)).Add(GatewayProfilesBase + selector[(colon + 1)..]);
            }
        }

        // Attachments are a data class of their own: a category without it gets no report references.
        if (!classes.Contains(DataClass.Attachments))
        {
            removed["DocumentReference"] = null;
        }

        var paths = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
        foreach (var path in elements)
        {
            var segments = path.Split('.');
            if (segments.Length < 2 || segments.Any(string.IsNullOrEmpty))
            {
                throw new FormatException($"minimisation policy: {category}: element path '{path}' must be Type.element");
            }

            CheckType(category, segments[0]);
            if (!paths.TryGetValue(segments[0], out var list))
            {
                paths[segments[0]] = list = [];
            }

            list.Add(segments[1..]);
        }

        return new MinimisationRule(
            classes,
            removed.ToDictionary(p => p.Key, p => (IReadOnlySet<string>?)p.Value, StringComparer.Ordinal),
            paths.ToDictionary(p => p.Key, p => (IReadOnlyList<string[]>)p.Value, StringComparer.Ordinal),
            labels.ToHashSet(StringComparer.Ordinal),
            emergencyAccess);
    }

    private const string GatewayProfilesBase = CodeSystems.GatewayBase + "/StructureDefinition/";

    private static void CheckType(string category, string type)
    {
        if (!Hl7.Fhir.Model.ModelInfo.IsKnownResource(type))
        {
            throw new FormatException($"minimisation policy: {category}: '{type}' is not a FHIR R4 resource type");
        }
    }
}
