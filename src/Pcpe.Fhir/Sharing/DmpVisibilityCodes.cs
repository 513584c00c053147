using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>The DMP's visibility codes (JDV_J08 of the CI-SIS, code system 1.2.250.1.213.1.1.4.13) for the person's choices.</summary>
public static class DmpVisibilityCodes
{
    public const string MaskedFromProfessionals = "MASQUE_PS";
    public const string InvisibleToPerson = "INVISIBLE_PATIENT";
    public const string InvisibleToLegalRepresentatives = "INVISIBLE_REPRESENTANTS_LEGAUX";

    /// <summary>The codes that say the choices, in the order JDV_J08 lists them; none when nothing is hidden.</summary>
    public static IReadOnlyList<string> Of(DmpChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return
        [
            .. choices.InvisibleToPerson ? [InvisibleToPerson] : Array.Empty<string>(),
            .. choices.InvisibleToLegalRepresentatives ? [InvisibleToLegalRepresentatives] : Array.Empty<string>(),
            .. choices.MaskedFromProfessionals ? [MaskedFromProfessionals] : Array.Empty<string>(),
        ];
    }

    /// <summary>The choices these codes say (unknown codes say nothing).</summary>
    public static DmpChoices From(bool opposition, IEnumerable<string?> codes)
    {
        var set = codes.OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new DmpChoices
        {
            Opposition = opposition,
            MaskedFromProfessionals = set.Contains(MaskedFromProfessionals),
            InvisibleToPerson = set.Contains(InvisibleToPerson),
            InvisibleToLegalRepresentatives = set.Contains(InvisibleToLegalRepresentatives),
        };
    }

    /// <summary>JDV_J08's display of a code; null for a code that is none of these.</summary>
    public static string? Display(string? code) => code switch
    {
        MaskedFromProfessionals => "Masqué aux professionnels de santé",
        InvisibleToPerson => "Non visible par le patient",
        InvisibleToLegalRepresentatives => "Non visible par les représentants légaux du patient",
        _ => null,
    };
}
