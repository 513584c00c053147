using System.Text.Json;
using System.Text.Json.Serialization;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// What each recipient category may receive (CSP R1110-1): the data classes it is entitled to, the
/// resources, elements and security labels removed before it receives a document. A versioned data
/// file (profiles/policy/minimisation-policy.json by default), never code branches; a category the
/// file does not name receives nothing.
/// </summary>
public sealed class MinimisationPolicy
{
    private const string EmbeddedName = "profiles/policy/minimisation-policy.json";

    private static readonly Lazy<MinimisationPolicy> Embedded = new(() => Parse(ProfileResources.ReadBytes(EmbeddedName)));

    private readonly Dictionary<RecipientCategory, MinimisationRule> _rules;

    private MinimisationPolicy(string version, Dictionary<RecipientCategory, MinimisationRule> rules)
    {
        Version = version;
        _rules = rules;
    }

    /// <summary>The policy's version, recorded with every decision taken under it.</summary>
    public string Version { get; }

    /// <summary>The policy shipped in profiles/policy.</summary>
    public static MinimisationPolicy Default => Embedded.Value;

    /// <summary>The rule for a category, or null: that category receives nothing.</summary>
    public MinimisationRule? RuleFor(RecipientCategory category) => _rules.GetValueOrDefault(category);

    /// <summary>Reads a policy file, refusing anything it does not understand (so nothing is half-applied).</summary>
    /// <exception cref="FormatException">The file is not a valid policy; the message says where.</exception>
    public static MinimisationPolicy Parse(ReadOnlySpan<byte> utf8)
    {
        PolicyFile? file;
        try
        {
            file = JsonSerializer.Deserialize<PolicyFile>(utf8, Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"minimisation policy: invalid at {ex.Path ?? "$"}", ex);
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Version))
        {
            throw new FormatException("minimisation policy: 'version' is required");
        }

        var rules = new Dictionary<RecipientCategory, MinimisationRule>();
        foreach (var (code, rule) in file.Categories)
        {
            var category = RecipientCategories.Parse(code) is { } c && c != RecipientCategory.Unknown
                ? c
                : throw new FormatException($"minimisation policy: unknown recipient category '{code}'");
            rules[category] = MinimisationRule.Compile(code, rule.DataClasses, rule.RemoveResources, rule.RemoveElements, rule.RemoveLabels, rule.EmergencyAccess);
        }

        return new MinimisationPolicy(file.Version, rules);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private sealed class PolicyFile
    {
        [JsonPropertyName("$comment")]
        public string? Comment { get; init; }

        public string Version { get; init; } = string.Empty;

        public Dictionary<string, RuleFile> Categories { get; init; } = [];
    }

    private sealed class RuleFile
    {
        [JsonPropertyName("$comment")]
        public string? Comment { get; init; }

        public List<string> DataClasses { get; init; } = [];

        public List<string> RemoveResources { get; init; } = [];

        public List<string> RemoveElements { get; init; } = [];

        public List<string> RemoveLabels { get; init; } = [];

        public bool EmergencyAccess { get; init; }
    }
}
