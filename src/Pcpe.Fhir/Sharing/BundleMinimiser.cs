using System.Buffers;
using System.Text.Json;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Applies one category's <see cref="MinimisationRule"/> to a serialized FHIR Bundle: removes the
/// entries it excludes (by type, profile or security label), the elements it names, and every
/// reference left pointing at a removed entry (an object or list item that only pointed there goes
/// with it), so the receiver gets a consistent Bundle. Works on the JSON, not on POCOs, because it runs
/// once per recipient and per send: a deep copy of the model would cost more than the mapping.
/// Security labels of what is kept are left untouched: they travel on with the data.
/// </summary>
public static class BundleMinimiser
{
    public static MinimisedBundle Apply(byte[] bundleJson, MinimisationRule rule)
    {
        ArgumentNullException.ThrowIfNull(bundleJson);
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.RemovesNothing)
        {
            return new MinimisedBundle(bundleJson, 0, 0);
        }

        using var document = JsonDocument.Parse(bundleJson);
        var root = document.RootElement;
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return new MinimisedBundle(bundleJson, 0, 0);
        }

        HashSet<string>? removedUrls = null;
        var removedEntries = 0;
        var touchesElements = false;
        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("resource", out var resource))
            {
                continue;
            }

            if (IsRemoved(resource, rule))
            {
                removedEntries++;
                if (entry.TryGetProperty("fullUrl", out var fullUrl) && fullUrl.GetString() is { } url)
                {
                    (removedUrls ??= new HashSet<string>(StringComparer.Ordinal)).Add(url);
                }
            }
            else if (!touchesElements && TypeOf(resource) is { } type && rule.RemovedElements.ContainsKey(type))
            {
                touchesElements = true;
            }
        }

        if (removedEntries == 0 && !touchesElements)
        {
            return new MinimisedBundle(bundleJson, 0, 0);
        }

        var output = new ArrayBufferWriter<byte>(bundleJson.Length);
        var state = new Writer(new Utf8JsonWriter(output), rule, removedUrls, removedUrls?.Select(u => System.Text.Encoding.UTF8.GetBytes(u)).ToArray() ?? []);
        state.WriteBundle(root);
        state.Json.Flush();
        state.Json.Dispose();
        return new MinimisedBundle(output.WrittenSpan.ToArray(), removedEntries, state.RemovedElements);
    }

    private static string? TypeOf(JsonElement resource)
        => resource.TryGetProperty("resourceType", out var type) ? type.GetString() : null;

    private static bool IsRemoved(JsonElement resource, MinimisationRule rule)
    {
        if (TypeOf(resource) is { } type && rule.RemovedResources.TryGetValue(type, out var profiles))
        {
            if (profiles is null)
            {
                return true;
            }

            if (resource.TryGetProperty("meta", out var meta) && meta.TryGetProperty("profile", out var claimed))
            {
                foreach (var profile in claimed.EnumerateArray())
                {
                    if (profile.GetString() is { } p && profiles.Contains(p))
                    {
                        return true;
                    }
                }
            }
        }

        if (rule.RemovedLabels.Count > 0 && resource.TryGetProperty("meta", out var labelled) && labelled.TryGetProperty("security", out var security))
        {
            foreach (var label in security.EnumerateArray())
            {
                if (label.TryGetProperty("code", out var code) && code.GetString() is { } c && rule.RemovedLabels.Contains(c))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Writer(Utf8JsonWriter json, MinimisationRule rule, HashSet<string>? removedUrls, byte[][] removedUtf8)
    {
        public Utf8JsonWriter Json { get; } = json;

        public int RemovedElements { get; private set; }

        public void WriteBundle(JsonElement root)
        {
            Json.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("entry"))
                {
                    Json.WritePropertyName(property.Name);
                    Json.WriteStartArray();
                    foreach (var entry in property.Value.EnumerateArray())
                    {
                        WriteEntry(entry);
                    }

                    Json.WriteEndArray();
                }
                else
                {
                    Json.WritePropertyName(property.Name);
                    WriteRaw(property.Value);
                }
            }

            Json.WriteEndObject();
        }

        // Copies a value's bytes as they are: no re-tokenising, no re-escaping (the input is the gateway's own valid JSON).
        private void WriteRaw(JsonElement value) => Json.WriteRawValue(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);

        private void WriteEntry(JsonElement entry)
        {
            if (entry.TryGetProperty("resource", out var resource) && IsRemoved(resource, rule))
            {
                return;
            }

            var touched = resource.ValueKind == JsonValueKind.Object && TypeOf(resource) is { } resourceType && rule.RemovedElements.ContainsKey(resourceType);
            if (!touched && !Mentions(entry))
            {
                WriteRaw(entry);
                return;
            }

            Json.WriteStartObject();
            foreach (var property in entry.EnumerateObject())
            {
                if (property.NameEquals("resource"))
                {
                    Json.WritePropertyName(property.Name);
                    var paths = TypeOf(property.Value) is { } type && rule.RemovedElements.TryGetValue(type, out var p) ? p : null;
                    WriteObject(property.Value, paths, 0);
                }
                else
                {
                    Json.WritePropertyName(property.Name);
                    WriteRaw(property.Value);
                }
            }

            Json.WriteEndObject();
        }

        private void WriteObject(JsonElement element, IReadOnlyList<string[]>? paths, int depth)
        {
            Json.WriteStartObject();
            foreach (var property in element.EnumerateObject())
            {
                List<string[]>? deeper = null;
                if (paths is not null)
                {
                    var removedHere = false;
                    foreach (var path in paths)
                    {
                        if (!SegmentMatches(path[depth], property.Name))
                        {
                            continue;
                        }

                        if (path.Length == depth + 1)
                        {
                            removedHere = true;
                            break;
                        }

                        (deeper ??= []).Add(path);
                    }

                    if (removedHere)
                    {
                        RemovedElements++;
                        continue;
                    }
                }

                if (removedUrls is not null && !Keeps(property.Value))
                {
                    RemovedElements++;
                    continue;
                }

                Json.WritePropertyName(property.Name);
                WriteValue(property.Value, deeper, depth + 1);
            }

            Json.WriteEndObject();
        }

        private void WriteValue(JsonElement value, IReadOnlyList<string[]>? paths, int depth)
        {
            // Most of a document never mentions a removed entry: copied as it is, without walking it.
            if (paths is null && !Mentions(value))
            {
                WriteRaw(value);
                return;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    WriteObject(value, paths, depth);
                    break;
                case JsonValueKind.Array:
                    Json.WriteStartArray();
                    foreach (var item in value.EnumerateArray())
                    {
                        if (removedUrls is not null && !Keeps(item))
                        {
                            RemovedElements++;
                            continue;
                        }

                        WriteValue(item, paths, depth);
                    }

                    Json.WriteEndArray();
                    break;
                default:
                    value.WriteTo(Json);
                    break;
            }
        }

        // Whether the raw JSON of this value contains the URL of a removed entry anywhere.
        private bool Mentions(JsonElement value)
        {
            if (removedUtf8.Length == 0 || value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String))
            {
                return false;
            }

            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
            foreach (var url in removedUtf8)
            {
                if (raw.IndexOf(url) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        // Whether anything of this value survives once references to removed entries are pruned.
        private bool Keeps(JsonElement value)
        {
            if (!Mentions(value))
            {
                return true;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    if (value.TryGetProperty("reference", out var reference) && reference.ValueKind == JsonValueKind.String && removedUrls!.Contains(reference.GetString()!))
                    {
                        return false;
                    }

                    var any = false;
                    var meaningful = false;
                    foreach (var property in value.EnumerateObject())
                    {
                        any = true;
                        // An id or url alone (an extension whose value went) carries nothing.
                        if (!property.NameEquals("id") && !property.NameEquals("url") && Keeps(property.Value))
                        {
                            meaningful = true;
                            break;
                        }
                    }

                    return meaningful || !any || OnlyIdentity(value);
                case JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        if (Keeps(item))
                        {
                            return true;
                        }
                    }

                    return value.GetArrayLength() == 0;
                default:
                    return true;
            }
        }

        // An object that never had more than id/url (nothing was pruned from it) is kept as it was.
        private static bool OnlyIdentity(JsonElement value)
        {
            foreach (var property in value.EnumerateObject())
            {
                if (!property.NameEquals("id") && !property.NameEquals("url"))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SegmentMatches(string segment, string name)
            => segment.EndsWith("[x]", StringComparison.Ordinal)
                ? name.Length > segment.Length - 3 && name.StartsWith(segment.AsSpan(0, segment.Length - 3), StringComparison.Ordinal) && char.IsUpper(name[segment.Length - 3])
                : string.Equals(segment, name, StringComparison.Ordinal);
    }
}

/// <summary>A minimised Bundle and what was taken out of it.</summary>
/// <param name="Json">The Bundle the recipient receives (the input itself when nothing was removed).</param>
/// <param name="RemovedResources">Entries removed.</param>
/// <param name="RemovedElements">Elements and dangling references removed from the entries kept.</param>
public sealed record MinimisedBundle(byte[] Json, int RemovedResources, int RemovedElements);
