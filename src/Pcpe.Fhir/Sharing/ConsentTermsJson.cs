using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The stored form of <see cref="ConsentTerms"/>: what a sharing decision reads of a consent, kept next to the
/// FHIR Consent so that deciding does not parse the Consent again (the SDK's parse of a Consent costs more than
/// the rest of a delivery's decision). Tagged with <see cref="Format"/>; terms stored under another format, or
/// that no longer read, are not used: the caller reads the Consent itself instead.
/// </summary>
/// <remarks>
/// <see cref="Format"/> must change with anything that changes what <see cref="ConsentTerms.Of"/> reads from a
/// Consent (the care-team sharing rules, <see cref="DisclosureConsentReader"/>, <see cref="DisclosureConsents"/>)
/// or the shape of the terms: terms stored by an earlier version are then read again from their Consent, never
/// trusted as they were.
/// </remarks>
public static class ConsentTermsJson
{
    /// <summary>The format this version writes and the only one it reads.</summary>
    public const int Format = 2;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The terms as stored (UTF-8 JSON, a few hundred bytes).</summary>
    public static byte[] Write(ConsentTerms terms) => JsonSerializer.SerializeToUtf8Bytes(new StoredTerms(Format, terms), Options);

    /// <summary>The terms stored in <paramref name="utf8"/>; null when they were stored under another format or do not read.</summary>
    public static ConsentTerms? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize<StoredTerms>(utf8, Options) is { Format: Format } stored ? stored.Terms : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StoredTerms(int Format, ConsentTerms Terms);
}
