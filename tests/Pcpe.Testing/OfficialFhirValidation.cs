using Hl7.Fhir.Model;
using Pcpe.Fhir.Validation;

namespace Pcpe.Testing;

/// <summary>
/// What the Firely validator holds against a resource the gateway emits: its errors, and the
/// warnings that docs/fhir-mapping.md does not list with their reason.
/// </summary>
public static class OfficialFhirValidation
{
    /// <summary>The warnings accepted on the gateway's output, each explained in docs/fhir-mapping.md.</summary>
    public static readonly IReadOnlyList<string> AcceptedWarnings =
    [
        // FR Core is not shipped with the gateway: the validator cannot open this extension's definition.
        "Unable to resolve reference to extension 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability'",
        "Unable to resolve reference to extension 'https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code'",

        // A plan lists its services and each service points back at its plan (CarePlan.activity and
        // Task.basedOn, as TDDUI does): the validator stops following references there and says so.
        "Detected a loop: instance data inside",
    ];

    /// <summary>Errors and unexplained warnings, one line each (empty when the resource is valid).</summary>
    public static IReadOnlyList<string> Problems(Resource resource)
        => GatewayFhirValidator.Shared.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal
                || (i.Severity == OperationOutcome.IssueSeverity.Warning && !AcceptedWarnings.Any(w => Text(i).StartsWith(w, StringComparison.Ordinal))))
            .Select(i => $"{i.Severity} {string.Join(',', i.Expression)}: {Text(i)}")
            .ToList();

    private static string Text(OperationOutcome.IssueComponent issue) => issue.Details?.Text ?? issue.Diagnostics ?? string.Empty;
}
