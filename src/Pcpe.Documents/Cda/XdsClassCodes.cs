using Pcpe.Documents.ValueSets;

namespace Pcpe.Documents.Cda;

/// <summary>
/// The XDS classCode (JDV_J06) of each document type the gateway writes, as the ANS association
/// table ASS_X04-CorrespondanceType-Classe-CISIS gives it (the 2024-02-23 edition).
/// </summary>
public static class XdsClassCodes
{
    private static readonly Dictionary<string, string> ByTypeCode = new(StringComparer.Ordinal)
    {
        ["80788-3"] = "44",
        ["47420-5"] = "10",
        ["34842-5"] = "11",
        ["88348-8"] = "11",
        ["83981-1"] = "10",
        ["28653-4"] = "10",
    };

    public static CisisConcept Of(string typeCode)
        => ByTypeCode.TryGetValue(typeCode, out var code)
            ? CisisValueSets.Require(CisisValueSets.ClassCode, code)
            : throw new ArgumentOutOfRangeException(nameof(typeCode), typeCode, "no class code is known for this document type");
}
