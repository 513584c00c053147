using System.Security.Cryptography;
using System.Text;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// Name-based UUIDs (RFC 9562 version 8, SHA-256 of the name) so that mapping the same document twice
/// yields the same fullUrls and resource ids.
/// </summary>
internal static class StableUuid
{
    public static Guid For(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    public static string Urn(string name) => "urn:uuid:" + For(name).ToString("D");
}
