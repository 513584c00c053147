using System.Text.Json;

namespace Pcpe.Fhir.Input;

/// <summary>
/// One pass over a pushed body before any deserializer sees it, for what neither System.Text.Json nor the
/// Firely parser refuses precisely: a root that is not an object, empty or repeated property names,
/// null list elements, control characters and lone surrogates in text, excessive nesting. Every
/// problem is located (JSON path or FHIRPath) and none quotes the value sent.
/// </summary>
public static class JsonInputScan
{
    /// <summary>At most this many problems are listed; a body of garbage would otherwise answer megabytes.</summary>
    public const int MaxIssues = 100;

    /// <summary>What a body of a given format must respect.</summary>
    /// <param name="Root">The root of locations: <c>$</c> for PCPE JSON, the resource type for FHIR.</param>
    /// <param name="ResourceType">For FHIR: the exact <c>resourceType</c> the endpoint takes; null for PCPE JSON.</param>
    /// <param name="NullElementsAllowed">FHIR keeps primitive arrays aligned with their <c>_name</c> extensions by nulls.</param>
    /// <param name="MaxDepth">Deepest nesting of objects and arrays.</param>
    /// <param name="NotJson">How a syntax error is told (followed by its line and byte).</param>
    public sealed record Rules(string Root, string? ResourceType, bool NullElementsAllowed, int MaxDepth, string NotJson)
    {
        public static Rules Pcpe { get; } = new("$", null, false, PcpeJson.Options.MaxDepth, "the document is not valid JSON here");

        public static Rules Fhir(string resourceType) => new(resourceType, resourceType, true, 64, "not valid JSON here");
    }

    /// <summary>Adds the problems of <paramref name="utf8"/> to <paramref name="issues"/>; true when there were none.</summary>
    public static bool Check(ReadOnlySpan<byte> utf8, Rules rules, List<InputIssue> issues)
    {
        var before = issues.Count;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = rules.MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var path = new LocationPath(rules.Root);
        var names = new Stack<HashSet<string>>();
        var property = string.Empty;
        try
        {
            while (issues.Count - before < MaxIssues && reader.Read())
            {
                if (reader.CurrentDepth == 0 && reader.TokenType != JsonTokenType.StartObject && reader.TokenType != JsonTokenType.EndObject)
                {
                    Add(issues, rules.Root, RootMessage(rules), InputIssueKind.Structure);
                    return false;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        path.Enter(reader.CurrentDepth == 0 ? null : property, isArray: false);
                        names.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        path.Enter(property, isArray: true);
                        break;
                    case JsonTokenType.EndObject:
                        names.Pop();
                        path.Leave();
                        break;
                    case JsonTokenType.EndArray:
                        path.Leave();
                        break;
                    case JsonTokenType.PropertyName:
                        property = PropertyName(ref reader, path, names.Peek(), issues);
                        break;
                    case JsonTokenType.String:
                        Text(ref reader, path, property, issues);
                        if (rules.ResourceType is { } expected && reader.CurrentDepth == 1 && property == "resourceType" && !reader.ValueTextEquals(expected))
                        {
                            Add(issues, path.At(property), $"resourceType must be \"{expected}\" (FHIR names are case-sensitive)", InputIssueKind.Structure);
                        }

                        path.AfterValue();
                        break;
                    case JsonTokenType.Null when path.InArray && !rules.NullElementsAllowed:
                        Add(issues, path.At(property), "a list element must not be null: leave it out", InputIssueKind.Structure);
                        path.AfterValue();
                        break;
                    default:
                        path.AfterValue();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var tooDeep = path.Depth >= rules.MaxDepth;
            Add(
                issues,
                tooDeep ? path.At(property) : rules.Root,
                tooDeep ? $"nested more than {rules.MaxDepth} levels deep" : JsonSyntaxError.Describe(ex, rules.NotJson),
                InputIssueKind.Structure);
        }

        if (issues.Count - before >= MaxIssues)
        {
            issues.Add(new(rules.Root, $"more than {MaxIssues} problems: the rest are not listed", InputIssueKind.Structure));
        }

        return issues.Count == before;
    }

    private static string RootMessage(Rules rules) => rules.ResourceType is null
        ? "the document must be a JSON object"
        : $"a FHIR {rules.ResourceType} is a JSON object";

    // The property's name; empty (problems added) when it cannot be read.
    private static string PropertyName(ref Utf8JsonReader reader, LocationPath path, HashSet<string> seen, List<InputIssue> issues)
    {
        string name;
        try
        {
            name = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Add(issues, path.At(null), "a property name is not valid Unicode (a lone surrogate)", InputIssueKind.Structure);
            return string.Empty;
        }

        if (name.Length == 0)
        {
            Add(issues, path.At(null), "a property has an empty name", InputIssueKind.Structure);
            return string.Empty;
        }

        if (!seen.Add(name))
        {
            Add(issues, path.At(Quotable(name)), "this property appears twice in the same object", InputIssueKind.Structure);
        }

        if (HasControlCharacter(name))
        {
            Add(issues, path.At(null), "a property name holds control characters", InputIssueKind.Structure);
        }

        return name;
    }

    // The location is built only for a problem: most texts have none.
    private static void Text(ref Utf8JsonReader reader, LocationPath path, string property, List<InputIssue> issues)
    {
        // Unescaped control characters are already invalid JSON: only escaped text needs decoding.
        if (!reader.ValueIsEscaped)
        {
            return;
        }

        try
        {
            if (HasControlCharacter(reader.GetString()!))
            {
                Add(issues, path.At(property), "control characters (U+0000 to U+001F other than tab, line feed and carriage return) are not allowed in text", InputIssueKind.Invalid);
            }
        }
        catch (InvalidOperationException)
        {
            Add(issues, path.At(property), "not valid Unicode text (a lone surrogate)", InputIssueKind.Invalid);
        }
    }

    /// <summary>True when <paramref name="text"/> holds a character FHIR strings forbid (U+0000–U+001F but tab, LF, CR).</summary>
    public static bool HasControlCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return true;
            }
        }

        return false;
    }

    // A name is shown in a location only when it looks like a field name; anything else could be data.
    private static string Quotable(string name)
        => name.Length <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_') ? name : "(a property)";

    private static void Add(List<InputIssue> issues, string path, string message, InputIssueKind kind)
        => issues.Add(new(path, message, kind));

    // The location of the token being read, as $.a.b[2] (PCPE) or Bundle.entry[2].resource (FHIR).
    private sealed class LocationPath(string root)
    {
        private readonly List<Frame> _frames = [];

        public int Depth => _frames.Count;

        public bool InArray => _frames.Count > 0 && _frames[^1].IsArray;

        public void Enter(string? property, bool isArray) => _frames.Add(new Frame(_frames.Count == 0 ? root : At(property), isArray));

        public void Leave()
        {
            _frames.RemoveAt(_frames.Count - 1);
            AfterValue();
        }

        /// <summary>A value is over: in an array, the next one is the next element.</summary>
        public void AfterValue()
        {
            if (InArray)
            {
                _frames[^1].Index++;
            }
        }

        /// <summary>The location of a value: the current array element, or the property of the current object.</summary>
        public string At(string? property)
        {
            if (_frames.Count == 0)
            {
                return root;
            }

            var top = _frames[^1];
            return top.IsArray ? $"{top.Prefix}[{top.Index}]" : string.IsNullOrEmpty(property) ? top.Prefix : $"{top.Prefix}.{Quotable(property)}";
        }

        private sealed class Frame(string prefix, bool isArray)
        {
            public string Prefix { get; } = prefix;

            public bool IsArray { get; } = isArray;

            public int Index { get; set; }
        }
    }
}
