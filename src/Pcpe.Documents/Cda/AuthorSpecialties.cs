using System.Globalization;
using System.Text;
using Pcpe.Documents.ValueSets;

namespace Pcpe.Documents.Cda;

/// <summary>
/// The JDV_J01 code of a profession as PCPE teams name it ("psychologue", "éducatrice spécialisée"):
/// PCPE inputs carry the profession in words, the CDA author needs a code. Unrecognised professions
/// get "autre professionnel intervenant dans le social, éducatif, psychologie et culturel".
/// </summary>
public static class AuthorSpecialties
{
    private const string Other = "345";

    // Word stems (accents removed, lower case) → JDV_J01 code; the first match wins, most specific first.
    private static readonly (string Stem, string Code)[] Stems =
    [
        ("psychomotric", "G15_96"),
        ("psychotherapeut", "72"),
        ("neuropsycholog", "93"),
        ("psycholog", "93"),
        ("ergotherapeut", "G15_94"),
        ("orthophon", "G15_91"),
        ("moniteur educ", "324"),
        ("monitrice educ", "324"),
        ("educateur de jeunes enfants", "325"),
        ("educatrice de jeunes enfants", "325"),
        ("educateur technique", "327"),
        ("educatrice technique", "327"),
        ("activite physique adaptee", "361"),
        ("educat", "326"),
        ("assistant de service social", "41"),
        ("assistante de service social", "41"),
        ("assistante sociale", "41"),
        ("assistant social", "41"),
        ("conseill", "320"),
        ("accompagnant", "328"),
        ("aide medico", "323"),
        ("auxiliaire de vie", "318"),
    ];

    public static CisisConcept Of(string profession)
    {
        var words = Normalise(profession);
        var code = Stems.FirstOrDefault(s => words.Contains(s.Stem, StringComparison.Ordinal)).Code ?? Other;
        return CisisValueSets.Require(CisisValueSets.AuthorSpecialty, code);
    }

    private static string Normalise(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
