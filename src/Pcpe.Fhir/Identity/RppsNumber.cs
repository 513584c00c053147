namespace Pcpe.Fhir.Identity;

/// <summary>RPPS numbers: 11 digits, the last a Luhn check digit.</summary>
public static class RppsNumber
{
    /// <summary>Returns null when valid, otherwise what is wrong.</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "the RPPS number is empty";
        }

        if (value.Length != 11 || !value.All(char.IsAsciiDigit))
        {
            return "an RPPS number has 11 digits";
        }

        return Luhn.IsValid(value) ? null : "the RPPS check digit (11th digit) does not match";
    }
}
