using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Pcpe.Fhir;

/// <summary>FHIR R4 JSON through the Firely SDK's System.Text.Json converters.</summary>
public static class FhirJson
{
    /// <summary>Options that (de)serialize FHIR resources, strict on unknown elements.</summary>
    public static JsonSerializerOptions Options { get; } = new JsonSerializerOptions().ForFhir();

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), Options);

    public static byte[] SerializeToUtf8(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), Options);

    public static T Deserialize<T>(string json)
        where T : Resource
        => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("empty FHIR document");

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8)
        where T : Resource
        => JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new JsonException("empty FHIR document");
}
