using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pcpe.Fhir.Input;

/// <summary>Reads PCPE JSON documents strictly: unknown fields and missing required fields are errors.</summary>
public static class PcpeJson
{
    /// <summary>Options of the PCPE input contract (camelCase, strict).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>Deserializes <paramref name="utf8"/> or reports why it cannot, with the JSON path.</summary>
    public static T? Read<T>(ReadOnlySpan<byte> utf8, List<InputIssue> issues)
        where T : class
    {
        if (!JsonInputScan.Check(utf8, JsonInputScan.Rules.Pcpe, issues))
        {
            return null;
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(utf8, Options);
            if (value is null)
            {
                issues.Add(new InputIssue("$", "the document is empty (null)", InputIssueKind.Structure));
            }

            return value;
        }
        catch (JsonException ex)
        {
            issues.Add(new InputIssue(ex.Path ?? "$", Describe(ex), InputIssueKind.Structure));
            return null;
        }
    }

    // System.Text.Json messages name the .NET types; keep the part an integrator needs and never the value.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("including: ", StringComparison.Ordinal);
            var names = start >= 0 ? message[(start + "including: ".Length)..].TrimEnd('.') : "?";
            return $"required field(s) missing: {names}";
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var q1 = message.IndexOf('\'', StringComparison.Ordinal);
            var q2 = q1 >= 0 ? message.IndexOf('\'', q1 + 1) : -1;
            var field = q1 >= 0 && q2 > q1 ? message[(q1 + 1)..q2] : "?";
            return $"unknown field '{field}': the contract (profiles/schemas) does not have it";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "wrong type or format for this field (dates are yyyy-MM-dd, numbers are JSON numbers)";
        }

        return JsonSyntaxError.Describe(ex, "the document is not valid JSON here");
    }
}
