using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Input;

/// <summary>
/// What <c>POST /fhir</c> takes, as its CapabilityStatement says: one transaction Bundle carrying one PCPE
/// document, made of the resources the gateway reads, and a TDDUI plan's evaluations (QuestionnaireResponse),
/// which the answer names as not relayed. Any other type is refused and named rather than dropped unseen.
/// </summary>
public static class PushedBundle
{
    /// <summary>More entries than a document of a few hundred needs, services and goals can have.</summary>
    public const int MaxEntries = 1000;

    /// <summary>The resource types a PCPE document is read from (Provenance: the gateway writes its own).</summary>
    public static IReadOnlySet<string> ReadTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Patient", "Organization", "Practitioner", "PractitionerRole", "RelatedPerson", "CareTeam", "CarePlan", "Goal",
        "ServiceRequest", "Task", "Observation", "DocumentReference", "Consent", "Basic", "Provenance",

        // A TDDUI projet personnalisé may carry its evaluations: accepted, and named in the answer as not relayed.
        "QuestionnaireResponse",
    };

    /// <summary>Whether the Bundle has at most <see cref="MaxEntries"/> entries; the problem in <paramref name="issues"/> otherwise.</summary>
    public static bool CheckSize(Bundle bundle, List<InputIssue> issues)
    {
        if (bundle.Entry.Count <= MaxEntries)
        {
            return true;
        }

        issues.Add(new("Bundle.entry", $"at most {MaxEntries} entries; this Bundle has {bundle.Entry.Count}", InputIssueKind.Invalid));
        return false;
    }

    /// <summary>Adds what the Bundle breaks of these rules to <paramref name="issues"/>; true when it breaks none.</summary>
    public static bool Check(Bundle bundle, List<InputIssue> issues)
    {
        var before = issues.Count;
        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            var type = bundle.Type is { } t ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(t) : "missing";
            issues.Add(new("Bundle.type", $"POST /fhir takes a transaction Bundle (GET /fhir/metadata); this one's type is {type}", InputIssueKind.Invalid));
        }

        if (!CheckSize(bundle, issues))
        {
            return false;
        }

        for (var i = 0; i < bundle.Entry.Count && issues.Count - before < JsonInputScan.MaxIssues; i++)
        {
            if (bundle.Entry[i].Resource is not { } resource)
            {
                issues.Add(new($"Bundle.entry[{i}]", "an entry without a resource: a transaction that pushes a document only creates or updates", InputIssueKind.Required));
            }
            else if (!ReadTypes.Contains(resource.TypeName))
            {
                issues.Add(new($"Bundle.entry[{i}].resource", $"this {resource.TypeName} is not part of a PCPE document (the gateway reads {string.Join(", ", ReadTypes)}): leave it out rather than have it dropped unseen", InputIssueKind.Invalid));
            }
        }

        return issues.Count == before;
    }
}
