using System.Globalization;

namespace Pcpe.Fhir.Identity;

/// <summary>
/// Checks an INS number: 13 characters + a 2-digit key, key = 97 - (number mod 97), where the
/// Corsican department codes 2A/2B (characters 6-7) count as 19/18.
/// </summary>
public static class InsNumber
{
    /// <summary>Returns null when <paramref name="value"/> is a well-formed INS with a correct key,
    /// otherwise a sentence a DUI integrator can act on (never echoing the number itself).</summary>
    public static string? Check(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "the INS is empty";
        }

        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length != 15)
        {
            return $"an INS has 15 characters (13 + a 2-digit key); this one has {compact.Length}";
        }

        var body = compact[..13];
        var department = body.Substring(5, 2);
        var digits = department switch
        {
            "2A" => string.Concat(body.AsSpan(0, 5), "19", body.AsSpan(7)),
            "2B" => string.Concat(body.AsSpan(0, 5), "18", body.AsSpan(7)),
            _ => body,
        };
        if (!digits.All(char.IsAsciiDigit))
        {
            return "an INS holds digits only (and 2A/2B at characters 6-7 for Corsica)";
        }

        if (!compact[13..].All(char.IsAsciiDigit))
        {
            return "the INS key (last 2 characters) must be digits";
        }

        var number = ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var expected = 97 - (int)(number % 97);
        var key = int.Parse(compact.AsSpan(13), NumberStyles.None, CultureInfo.InvariantCulture);
        return key == expected ? null : "the INS key (last 2 digits) does not match the number: check for a typing error";
    }

    /// <summary>Maps an INS OID (with or without <c>urn:oid:</c>) to its kind; null when unknown.</summary>
    public static InsKind? KindOfOid(string? oid) => oid?.Replace("urn:oid:", string.Empty, StringComparison.Ordinal) switch
    {
        "1.2.250.1.213.1.4.8" => InsKind.Nir,
        "1.2.250.1.213.1.4.9" => InsKind.Nia,
        "1.2.250.1.213.1.4.10" => InsKind.TestNir,
        "1.2.250.1.213.1.4.11" => InsKind.DemoNir,
        _ => null,
    };

    /// <summary>The FHIR identifier system (urn:oid:...) for a kind of INS.</summary>
    public static string SystemOf(InsKind kind) => kind switch
    {
        InsKind.Nir => FrenchIdentifierSystems.InsNir,
        InsKind.Nia => FrenchIdentifierSystems.InsNia,
        InsKind.TestNir => FrenchIdentifierSystems.InsNirTest,
        InsKind.DemoNir => FrenchIdentifierSystems.InsNirDemo,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
