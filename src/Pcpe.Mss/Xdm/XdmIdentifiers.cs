using System.Globalization;
using System.Numerics;

namespace Pcpe.Mss.Xdm;

/// <summary>The HL7 v2 and OID forms XDM metadata gives identifiers (IHE ITI TF-3 4.2.3).</summary>
public static class XdmIdentifiers
{
    /// <summary>An OID from a UUID (ITU-T X.667: 2.25.{the UUID as an integer}), for uniqueId values.</summary>
    public static string Oid(Guid id)
    {
        var value = new BigInteger(id.ToByteArray(bigEndian: true), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>authorInstitution (XON) of a structure named by its FINESS (ANS: type 1 then the FINESS, IDNST).</summary>
    public static string InstitutionByFiness(string? name, string finess)
        => $"{name}^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1{finess}";
}
