using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// Stable business identifiers: receivers are addressed by these (conditional update), so a new
/// version of a document updates the same resources and a retried delivery never duplicates.
/// </summary>
public static class BusinessIdentifiers
{
    /// <summary>TDDUI local person identifier: <c>3+FINESS/localId</c>.</summary>
    public static Identifier LocalPerson(string finess, string localId) => new(FrenchIdentifierSystems.LocalUsager, $"3{finess}/{localId}")
    {
        Use = Identifier.IdentifierUse.Usual,
    };

    /// <summary>TDDUI projet personnalisé identifier: <c>3+FINESS/localId-PPER-documentId</c>.</summary>
    public static Identifier SupportPlan(string finess, string localId, string documentId)
        => new(FrenchIdentifierSystems.ProjetPersonnalise, $"3{finess}/{localId}-PPER-{documentId}");

    /// <summary>FINESS identifier of a structure.</summary>
    public static Identifier Finess(string finess) => new(FrenchIdentifierSystems.Finess, finess);

    /// <summary>The conditional-update URL that addresses a resource by one identifier.</summary>
    public static string ConditionalUrl(string resourceType, Identifier identifier)
        => $"{resourceType}?identifier={Uri.EscapeDataString(identifier.System ?? string.Empty)}|{Uri.EscapeDataString(identifier.Value ?? string.Empty)}";
}
