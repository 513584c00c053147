namespace Pcpe.Fhir.Identity;

/// <summary>ADELI numbers: 9 characters (department, profession, order), digits except Corsica's 2A/2B.</summary>
public static class AdeliNumber
{
    /// <summary>Returns null when valid, otherwise what is wrong.</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "the ADELI number is empty";
        }

        var digits = value.Length == 9 && (value.StartsWith("2A", StringComparison.Ordinal) || value.StartsWith("2B", StringComparison.Ordinal)) ? value[2..] : value;
        return value.Length == 9 && digits.All(char.IsAsciiDigit) ? null : "an ADELI number has 9 characters: digits, or 2A/2B then 7 digits";
    }
}
