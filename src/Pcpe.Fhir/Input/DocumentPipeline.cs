using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Input;

/// <summary>
/// Read → check → map → conformance-check a pushed PCPE document (JSON, or a FHIR Bundle read back
/// into the PCPE model). Pure: no I/O. Either every problem is reported or the document is prepared
/// whole; nothing is mapped half-way.
/// </summary>
/// <param name="terminology">The national and gateway code lists.</param>
/// <param name="policy">What this deployment accepts (test identities).</param>
/// <param name="conformance">Checks the mapped bundle against profiles/; null skips the check (benchmarks measure it apart).</param>
/// <param name="scope">What the check covers: the gateway runs the profile rules on every push; tests add the base R4 rules.</param>
public sealed class DocumentPipeline(TerminologyIndex terminology, ValidationPolicy policy, ConformanceChecker? conformance, ConformanceScope scope = ConformanceScope.Full)
{
    private readonly SupportPlanValidator _planValidator = new(terminology, policy);
    private readonly FunctionalAssessmentValidator _assessmentValidator = new(terminology, policy);
    private readonly TransitionPlanValidator _transitionValidator = new(terminology, policy);
    private readonly PcpeDocumentMapper _mapper = new(terminology);

    /// <summary>A PCPE JSON document of <paramref name="kind"/> (<see cref="DocumentKinds"/>).</summary>
    public PreparationResult Prepare(string kind, ReadOnlySpan<byte> utf8Json, SubmissionContext? context = null)
    {
        var issues = new List<InputIssue>();
        IPcpeDocument? document = kind switch
        {
            DocumentKinds.Plan => PcpeJson.Read<SupportPlan>(utf8Json, issues),
            DocumentKinds.Assessment => PcpeJson.Read<FunctionalAssessment>(utf8Json, issues),
            DocumentKinds.Transition => PcpeJson.Read<TransitionPlan>(utf8Json, issues),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown document kind"),
        };
        return document is null ? new PreparationResult(null, issues) : Prepare(document, context);
    }

    /// <summary>The JSON of a Bundle pushed to <c>POST /fhir</c>: read, held to what that endpoint takes (<see cref="PushedBundle"/>), prepared.</summary>
    /// <param name="utf8Json">The body as received.</param>
    /// <param name="context">Who pushed and when.</param>
    public PreparationResult PreparePushedBundle(ReadOnlySpan<byte> utf8Json, SubmissionContext? context = null)
    {
        var issues = new List<InputIssue>();
        return FhirInput.ReadBundle(utf8Json, issues) is { } bundle && PushedBundle.Check(bundle, issues)
            ? PrepareBundle(bundle, context)
            : new PreparationResult(null, issues);
    }

    /// <summary>A FHIR Bundle carrying one PCPE document (the gateway's profiles or TDDUI style).</summary>
    /// <remarks>The business checks' problems are located in the Bundle as sent (FHIRPath), not in the PCPE model it was read into.</remarks>
    public PreparationResult PrepareBundle(Bundle bundle, SubmissionContext? context = null)
    {
        var issues = new List<InputIssue>();
        var warnings = new List<InputIssue>();
        var locations = new BundleLocations();
        if (PcpeBundleReader.ReadPartly(bundle, issues, locations, warnings) is not { } document)
        {
            return new PreparationResult(null, issues) { Warnings = warnings };
        }

        // The business checks run on what could be read, so that one answer lists every problem; a check
        // about what the reader already found missing says nothing more.
        var prepared = Prepare(document, context);
        var located = prepared.Issues.Where(i => !locations.IsStandIn(i.Path))
            .Select(i => i.Path.StartsWith('$') ? i with { Path = locations.Of(i.Path) } : i);
        return issues.Count == 0 && prepared.Succeeded
            ? prepared with { Warnings = [.. warnings, .. prepared.Warnings.Select(w => w with { Path = locations.Of(w.Path) })] }
            : new PreparationResult(null, [.. issues, .. located]) { Warnings = warnings };
    }

    /// <summary>
    /// An attachment (of a coordinator's mail, or a document of its XDM): a PCPE JSON document or a
    /// FHIR Bundle carrying one is prepared like a push; anything else (a PDF, another bundle) is null.
    /// </summary>
    public PreparationResult? PrepareAttachment(ReadOnlySpan<byte> content)
    {
        string? kind;
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(content);
            using var json = System.Text.Json.JsonDocument.ParseValue(ref reader);
            var root = json.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("resourceType", out var type))
            {
                if (type.ValueKind != System.Text.Json.JsonValueKind.String || type.GetString() != "Bundle")
                {
                    return null;
                }

                var issues = new List<InputIssue>();
                var bundle = FhirInput.ReadBundle(content, issues);
                return bundle is null ? new PreparationResult(null, issues) : PcpeBundleReader.KindOf(bundle) is null ? null : PrepareBundle(bundle);
            }

            // The required fields that only one kind of PCPE document has.
            kind = root.TryGetProperty("evaluators", out _) ? DocumentKinds.Assessment
                : root.TryGetProperty("handover", out _) ? DocumentKinds.Transition
                : root.TryGetProperty("documentId", out _) && root.TryGetProperty("type", out _) && root.TryGetProperty("period", out _) ? DocumentKinds.Plan
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return kind is null ? null : Prepare(kind, content);
    }

    /// <summary>Checks and maps a document already read into the model.</summary>
    public PreparationResult Prepare(IPcpeDocument document, SubmissionContext? context = null)
    {
        var issues = new List<InputIssue>();
        string kind;
        switch (document)
        {
            case SupportPlan plan:
                _planValidator.Validate(plan, issues);
                kind = DocumentKinds.Plan;
                break;
            case FunctionalAssessment assessment:
                _assessmentValidator.Validate(assessment, issues);
                kind = DocumentKinds.Assessment;
                break;
            case TransitionPlan transition:
                _transitionValidator.Validate(transition, issues);
                kind = DocumentKinds.Transition;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(document), document.GetType().Name, "unknown document type");
        }

        if (issues.Count > 0)
        {
            return new PreparationResult(null, issues);
        }

        var bundle = _mapper.ToTransaction(document, context);

        // A mapped bundle that breaks its own profiles is a gateway defect: refuse rather than relay it.
        var conformanceIssues = conformance?.Check(bundle, scope) ?? [];
        if (conformanceIssues.Count > 0)
        {
            return new PreparationResult(null, conformanceIssues.Select(i => new InputIssue(i.Location, "the mapped document breaks the gateway's profiles: " + i.Message, InputIssueKind.Structure)).ToList());
        }

        return new PreparationResult(
            new PreparedDocument(kind, document.DocumentId, document.Version, document.Structure.Finess, document.Sharing, bundle)
            {
                Source = document,
                PersonKey = Sharing.PersonKeys.Of(document.Person, document.Structure.Finess),
            },
            issues)
        {
            Warnings = document.Person is { Ins.IdentityStatus: "QUAL", BirthPlaceCode: null }
                ? [new InputIssue("$.person.birthPlaceCode", "a qualified INS travels in CDA documents only with every INS trait: without the birth place (INSEE COG code) hospitals receive the local id only", InputIssueKind.Required)]
                : [],
        };
    }
}
