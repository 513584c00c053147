using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// Stable business identifiers: receivers are addressed by these (conditional update), so a new
/// version of a document updates the same resources and a retried delivery never duplicates.
/// TDDUI systems where TDDUI has one; the gateway's own (<c>{base}/sid/…</c>) otherwise.
/// </summary>
public static class BusinessIdentifiers
{
    public const string TransitionSystem = CodeSystems.GatewayBase + "/sid/transition-plan";
    public const string AssessmentSystem = CodeSystems.GatewayBase + "/sid/functional-assessment";
    public const string ProfessionalSystem = CodeSystems.GatewayBase + "/sid/professional";
    public const string PractitionerRoleSystem = CodeSystems.GatewayBase + "/sid/practitioner-role";
    public const string RelatedPersonSystem = CodeSystems.GatewayBase + "/sid/related-person";
    public const string CareTeamSystem = CodeSystems.GatewayBase + "/sid/care-team";
    public const string CdaphSystem = CodeSystems.GatewayBase + "/sid/cdaph-decision";
    public const string ConsentSystem = CodeSystems.GatewayBase + "/sid/consent";
    public const string CompositionSystem = CodeSystems.GatewayBase + "/sid/document";

    /// <summary>ViaTrajectoire decision numbers (TDDUI tddui-basic-decision).</summary>
    public const string ViaTrajectoire = "urn:oid:1.2.250.1.213.8.1";

    /// <summary>idNatPs (8+RPPS or 0+ADELI).</summary>
    public const string IdNatPs = "urn:oid:1.2.250.1.71.4.2.1";

    /// <summary>TDDUI local person identifier: <c>3+FINESS/localId</c>.</summary>
    public static Identifier LocalPerson(string finess, string localId) => new(FrenchIdentifierSystems.LocalUsager, $"3{finess}/{localId}")
    {
        Use = Identifier.IdentifierUse.Usual,
    };

    /// <summary>TDDUI projet personnalisé identifier: <c>3+FINESS/localId-PPER-documentId</c>.</summary>
    public static Identifier SupportPlan(string finess, string localId, string documentId)
        => new(FrenchIdentifierSystems.ProjetPersonnalise, $"3{finess}/{localId}-PPER-{documentId}");

    /// <summary>Transition plan identifier, built like TDDUI's: <c>3+FINESS/localId-TRANS-documentId</c>.</summary>
    public static Identifier TransitionPlan(string finess, string localId, string documentId)
        => new(TransitionSystem, $"3{finess}/{localId}-TRANS-{documentId}");

    /// <summary>Functional assessment identifier: <c>3+FINESS/localId-EVAL-documentId</c>.</summary>
    public static Identifier Assessment(string finess, string localId, string documentId)
        => new(AssessmentSystem, $"3{finess}/{localId}-EVAL-{documentId}");

    /// <summary>An identifier of a part of a document, under the document's own.</summary>
    public static Identifier Part(Identifier document, string suffix) => new(document.System, $"{document.Value}-{suffix}");

    /// <summary>FINESS identifier of a structure.</summary>
    /// <summary>The business identifier of a PCPE document's main resource (CarePlan or assessment panel).</summary>
    public static Identifier Document(IPcpeDocument document) => document switch
    {
        SupportPlan plan => SupportPlan(plan.Structure.Finess, plan.Person.LocalId, plan.DocumentId),
        FunctionalAssessment assessment => Assessment(assessment.Structure.Finess, assessment.Person.LocalId, assessment.DocumentId),
        TransitionPlan transition => TransitionPlan(transition.Structure.Finess, transition.Person.LocalId, transition.DocumentId),
        _ => throw new ArgumentOutOfRangeException(nameof(document), document.GetType().Name, "unknown document type"),
    };

    public static Identifier Finess(string finess) => new(FrenchIdentifierSystems.Finess, finess);

    /// <summary>Splits <c>3+FINESS/localId-{marker}-documentId</c> back into its parts.</summary>
    public static (string Finess, string LocalId, string DocumentId)? Parse(string? value, string marker)
    {
        if (value is null || value.Length < 12 || value[0] != '3' || value[10] != '/')
        {
            return null;
        }

        var separator = $"-{marker}-";
        var at = value.IndexOf(separator, 11, StringComparison.Ordinal);
        return at < 0 ? null : (value[1..10], value[11..at], value[(at + separator.Length)..]);
    }

    /// <summary>
    /// The conditional-update URL that addresses a resource by one identifier. The gateway's identifier values
    /// hold none of the characters FHIR search reserves; any that a system or value would hold are escaped
    /// with '\' as R4 "Escaping Search Parameters" requires, before percent-encoding.
    /// </summary>
    public static string ConditionalUrl(string resourceType, Identifier identifier)
        => $"{resourceType}?identifier={Uri.EscapeDataString(SearchEscaped(identifier.System))}|{Uri.EscapeDataString(SearchEscaped(identifier.Value))}";

    /// <summary>True when <paramref name="value"/> holds a character FHIR search gives a meaning to (<c>| , $ \</c>).</summary>
    public static bool HasSearchSpecialCharacter(string value) => value.AsSpan().IndexOfAny(SearchSpecial) >= 0;

    private static readonly System.Buffers.SearchValues<char> SearchSpecial = System.Buffers.SearchValues.Create("\\|,$");

    private static string SearchEscaped(string? text)
    {
        if (string.IsNullOrEmpty(text) || !HasSearchSpecialCharacter(text))
        {
            return text ?? string.Empty;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '\\' or '|' or ',' or '$')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
