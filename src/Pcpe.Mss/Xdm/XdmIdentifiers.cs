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

    /// <summary>The entryUUID (urn:uuid) of the DocumentEntry of a document: the same for the same uniqueId, so an
    /// RPLC association can name the entry of a version sent before without keeping it.</summary>
    public static string EntryUuid(string uniqueId)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("xdm-entry/" + uniqueId));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>authorInstitution (XON) of a structure named by its FINESS (ANS: type 1 then the FINESS, IDNST).</summary>
    public static string InstitutionByFiness(string? name, string finess)
        => $"{name}^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1{finess}";
}
