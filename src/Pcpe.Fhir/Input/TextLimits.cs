namespace Pcpe.Fhir.Input;

/// <summary>
/// The longest text each field of a PCPE document may hold, by the field's name: names and titles are
/// short, narrative fields long. The JSON Schemas (profiles/build/make-schemas.py) give the same
/// maxLength, which a test keeps equal.
/// </summary>
public static class TextLimits
{
    /// <summary>Names, titles, professions, references: a line.</summary>
    public const int Short = 200;

    /// <summary>What the team writes about the person: a few pages at most.</summary>
    public const int Narrative = 10_000;

    private static readonly Dictionary<string, int> ByField = new(StringComparer.Ordinal)
    {
        ["familyName"] = Short,
        ["givenName"] = Short,
        ["givenNames"] = Short,
        ["name"] = Short,
        ["title"] = Short,
        ["profession"] = Short,
        ["relationship"] = Short,
        ["reference"] = Short,
        ["frequency"] = Short,
        ["phone"] = 40,
        ["contentType"] = 100,
        ["mssAddress"] = 254,
        ["url"] = 2048,
    };

    /// <summary>The limit of the field a JSON path ends in (<c>$.person.givenNames[0]</c> → givenNames).</summary>
    public static int For(string path)
    {
        var end = path.EndsWith(']') ? path.LastIndexOf('[') : path.Length;
        var start = path.LastIndexOf('.', end - 1) + 1;
        return ByField.GetValueOrDefault(path[start..end], Narrative);
    }

    /// <summary>Every field with a limit of its own; any other text field has <see cref="Narrative"/>.</summary>
    public static IReadOnlyDictionary<string, int> Fields => ByField;
}
