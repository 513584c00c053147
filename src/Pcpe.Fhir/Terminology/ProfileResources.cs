using System.Reflection;
using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Terminology;

/// <summary>The conformance resources of profiles/, embedded in this assembly at build time.</summary>
public static class ProfileResources
{
    private static readonly Assembly Assembly = typeof(ProfileResources).Assembly;

    /// <summary>Logical names of every embedded file, e.g. <c>profiles/terminology/ValueSet-....json</c>.</summary>
    public static IEnumerable<string> Names => Assembly.GetManifestResourceNames().Where(n => n.StartsWith("profiles/", StringComparison.Ordinal));

    /// <summary>The raw bytes of one embedded file.</summary>
    public static byte[] ReadBytes(string logicalName)
    {
        using var stream = Assembly.GetManifestResourceStream(logicalName)
            ?? throw new InvalidOperationException($"profile resource {logicalName} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Every embedded FHIR resource of a type. Shared, parsed once: read them, never change them.</summary>
    public static IEnumerable<T> Load<T>()
        where T : Resource
        => Parsed.Value.OfType<T>();

    // The terminology index, the conformance checker and the CapabilityStatement all read these files:
    // parse each once per process rather than once per reader.
    private static readonly Lazy<IReadOnlyList<Resource>> Parsed = new(() => Names
        .Where(n => n.EndsWith(".json", StringComparison.Ordinal) && !n.Contains("/schemas/", StringComparison.Ordinal) && !n.Contains("/policy/", StringComparison.Ordinal))
        .Select(n => FhirJson.Deserialize<Resource>(ReadBytes(n)))
        .ToList());
}
