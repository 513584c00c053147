using System.Collections.Frozen;
using System.Xml.Linq;

namespace Pcpe.Documents.ValueSets;

/// <summary>A code of a CI-SIS value set: the code, its code system OID and its display name.</summary>
public sealed record CisisConcept(string Code, string CodeSystem, string Display);

/// <summary>
/// The CI-SIS value sets (JDV, SVS XML of the ANS) embedded in this assembly: every code the CDA
/// header and the XDM metadata carry is looked up here, so none is written that the national tools
/// would refuse.
/// </summary>
public static class CisisValueSets
{
    public const string TypeCode = "JDV_J07_XdsTypeCode_CISIS";
    public const string HealthcareFacilityTypeCode = "JDV_J02_XdsHealthcareFacilityTypeCode_CISIS";
    public const string PracticeSettingCode = "JDV_J04_XdsPracticeSettingCode_CISIS";
    public const string ConfidentialityCode = "JDV_J08_XdsConfidentialityCode_CISIS";
    public const string AuthorSpecialty = "JDV_J01_XdsAuthorSpecialty_CISIS";
    public const string ClassCode = "JDV_J06_XdsClassCode_CISIS";
    public const string FormatCode = "JDV_J10_XdsFormatCode_CISIS";


    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, CisisConcept>>> Sets = new(Load);

    /// <summary>The concept with that code in the value set, or null when the set has no such code.</summary>
    public static CisisConcept? Find(string valueSet, string code)
        => Sets.Value.TryGetValue(valueSet, out var concepts) ? concepts.GetValueOrDefault(code) : throw new ArgumentOutOfRangeException(nameof(valueSet), valueSet, "no such value set is embedded");

    /// <summary>The concept with that code in the value set.</summary>
    /// <exception cref="ArgumentException">The value set has no such code.</exception>
    public static CisisConcept Require(string valueSet, string code)
        => Find(valueSet, code) ?? throw new ArgumentException($"'{code}' is not a code of {valueSet}", nameof(code));

    private static FrozenDictionary<string, FrozenDictionary<string, CisisConcept>> Load()
    {
        XNamespace svs = "urn:ihe:iti:svs:2008";
        var assembly = typeof(CisisValueSets).Assembly;
        var sets = new Dictionary<string, FrozenDictionary<string, CisisConcept>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("jdv/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var concepts = XDocument.Load(stream).Descendants(svs + "Concept")
                .Select(c => new CisisConcept((string)c.Attribute("code")!, (string)c.Attribute("codeSystem")!, (string?)c.Attribute("displayName") ?? string.Empty))
                .GroupBy(c => c.Code, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            sets[Path.GetFileNameWithoutExtension(name["jdv/".Length..])] = concepts;
        }

        return sets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
