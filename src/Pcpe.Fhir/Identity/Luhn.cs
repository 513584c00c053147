namespace Pcpe.Fhir.Identity;

/// <summary>Luhn (mod 10) check used by FINESS and RPPS numbers.</summary>
internal static class Luhn
{
    public static bool IsValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }
}
