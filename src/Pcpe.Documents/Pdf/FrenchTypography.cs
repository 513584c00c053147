using System.Text.RegularExpressions;

namespace Pcpe.Documents.Pdf;

/// <summary>
/// French typographic spacing for printed text: a no-break space before the colon and inside
/// guillemets, a narrow no-break space before ; ! ?, so a line never starts with punctuation.
/// </summary>
public static partial class FrenchTypography
{
    private const char NoBreakSpace = '\u00A0';
    private const char NarrowNoBreakSpace = '\u202F';

    public static string Apply(string text)
    {
        var spaced = SpaceBeforeColon().Replace(text, NoBreakSpace + ":");
        spaced = SpaceBeforeHighPunctuation().Replace(spaced, m => NarrowNoBreakSpace + m.Groups[1].Value);
        spaced = OpeningGuillemet().Replace(spaced, "«" + NoBreakSpace);
        return ClosingGuillemet().Replace(spaced, NoBreakSpace + "»");
    }

    [GeneratedRegex(@"[ \u00A0]?:(?=\s|$)")]
    private static partial Regex SpaceBeforeColon();

    [GeneratedRegex(@"[ \u202F]?([;!?])(?=\s|$)")]
    private static partial Regex SpaceBeforeHighPunctuation();

    [GeneratedRegex(@"«[ \u00A0]?")]
    private static partial Regex OpeningGuillemet();

    [GeneratedRegex(@"[ \u00A0]?»")]
    private static partial Regex ClosingGuillemet();
}
