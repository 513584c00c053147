using System.Text.Json;

namespace Pcpe.Fhir.Input;

/// <summary>How a JSON syntax error is told to the DUI: where it is, never what was there.</summary>
internal static class JsonSyntaxError
{
    /// <summary>"not valid JSON here (line 3, byte 17)", 1-based, or without the position when the parser has none.</summary>
    public static string Describe(JsonException ex, string what)
        => ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"{what} (line {line + 1}, byte {position + 1})"
            : what;
}
