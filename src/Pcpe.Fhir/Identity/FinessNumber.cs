namespace Pcpe.Fhir.Identity;

/// <summary>
/// FINESS numbers: 9 characters (2-character department, 2A/2B for Corsica), the last one a Luhn
/// check digit over the first eight. For Corsican numbers the substitution used by the key is not
/// published in the sources we have, so only their format is checked.
/// </summary>
public static class FinessNumber
{
    /// <summary>The fictitious FINESS of the ANS guides' examples (TDDUI), which fail the check digit.</summary>
    public static IReadOnlySet<string> AnsExamples { get; } = new HashSet<string>(StringComparer.Ordinal) { "480787529" };

    /// <summary>Returns null when valid, otherwise what is wrong.</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "the FINESS number is empty";
        }

        if (value.Length != 9)
        {
            return $"a FINESS number has 9 characters; this one has {value.Length}";
        }

        var upper = value.ToUpperInvariant();
        var corsican = upper.StartsWith("2A", StringComparison.Ordinal) || upper.StartsWith("2B", StringComparison.Ordinal);
        if (!(corsican ? upper[2..] : upper).All(char.IsAsciiDigit))
        {
            return "a FINESS number holds digits only (2A/2B allowed as department)";
        }

        return corsican || Luhn.IsValid(upper) ? null : "the FINESS check digit (9th character) does not match";
    }
}
