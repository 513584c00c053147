using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;

namespace Pcpe.Fhir.Input;

/// <summary>Reads a FHIR resource pushed by a DUI (POST /fhir, POST /fhir/Consent), reporting every parse problem with its FHIRPath location.</summary>
public static class FhirInput
{
    public static Bundle? ReadBundle(ReadOnlySpan<byte> utf8, List<InputIssue> issues) => Read<Bundle>(utf8, issues);

    /// <summary>Reads a resource of type <typeparamref name="T"/>; null, with the reasons, otherwise.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> utf8, List<InputIssue> issues)
        where T : Resource
    {
        var type = ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? "Resource";
        if (!JsonInputScan.Check(utf8, JsonInputScan.Rules.Fhir(type), issues))
        {
            return null;
        }

        try
        {
            var resource = JsonSerializer.Deserialize<Resource>(utf8, FhirJson.Options);
            if (resource is T typed)
            {
                return typed;
            }

            issues.Add(new("$", $"a {ModelInfo.GetFhirTypeNameForType(typeof(T))} is expected, not {resource?.TypeName ?? "nothing"}", InputIssueKind.Structure));
            return null;
        }
        catch (DeserializationFailedException ex)
        {
            // The SDK's messages quote the offending value: keep its location and kind of error only.
            foreach (var problem in ex.Exceptions)
            {
                issues.Add(problem is CodedValidationException coded
                    ? new(coded.InstancePath ?? ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? "$", $"{coded.Display} ({coded.ErrorCode})", InputIssueKind.Structure)
                    : new(ModelInfo.GetFhirTypeNameForType(typeof(T)) ?? "$", "unreadable FHIR JSON", InputIssueKind.Structure));
            }

            return null;
        }
        catch (JsonException ex)
        {
            issues.Add(new(ex.Path ?? "$", JsonSyntaxError.Describe(ex, "not valid JSON here"), InputIssueKind.Structure));
            return null;
        }
    }
}
