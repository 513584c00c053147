using System.Text.Json.Nodes;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// A gateway transaction rewritten for a receiver that assigns the ids itself (TDDUI v2's "create only" flow).
/// An entry whose resource the receiver already holds (its id learnt from an earlier answer) becomes
/// <c>PUT Type/id</c>; any other becomes <c>POST Type</c>, with <c>ifNoneExist</c> on its business identifier so
/// that a receiver honouring conditional create keeps one copy when a lost answer makes the gateway send again (an
/// entry without business identifier, the Provenance, is created on a tag carrying its stable id). References to a
/// resource whose id is known name it by that id. Entries are addressed, as the gateway sends
/// them otherwise, by their conditional-update URL (<c>Type?identifier=…</c>) or stable <c>Type/id</c>.
/// </summary>
public static class CreateOnlyTransaction
{
    /// <summary>The tag system that carries the stable id of an entry without business identifier (the Provenance).</summary>
    public const string EntryTagSystem = "https://pcpe-gateway.example/fhir/sid/entry";

    /// <summary>The receiver's id of one entry, and whether the receiver created it for this transaction (201) rather
    /// than finding it already there (a conditional create answered 200: what was sent did not change it).</summary>
    public sealed record ReceiverId(string Address, string Id, bool Created);

    /// <summary>
    /// What the receiver's ids are looked up by: each entry's address, in entry order, then the conditional
    /// references (<c>Patient?identifier=…</c>) to resources the bundle does not carry.
    /// </summary>
    public static IReadOnlyList<string> Addresses(JsonNode transaction)
    {
        var addresses = EntryAddresses(transaction).ToList();
        var inBundle = addresses.ToHashSet(StringComparer.Ordinal);
        foreach (var reference in References(transaction))
        {
            if (reference.GetValue<string>() is var value && value.Contains('?', StringComparison.Ordinal) && inBundle.Add(value))
            {
                addresses.Add(value);
            }
        }

        return addresses;
    }

    /// <summary>
    /// Rewrites <paramref name="transaction"/> in place: <paramref name="receiverIds"/> maps an address to the
    /// receiver's <c>Type/id</c>; <paramref name="receiverBase"/> is the receiver's FHIR base, for the fullUrl of
    /// an entry it already holds.
    /// </summary>
    public static void Rewrite(JsonNode transaction, IReadOnlyDictionary<string, string> receiverIds, Uri receiverBase)
    {
        var referenceTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (address, receiverId) in receiverIds)
        {
            referenceTo[address] = receiverId;
        }

        var entries = Entries(transaction).ToList();
        var addresses = EntryAddresses(transaction).ToList();
        var baseUrl = receiverBase.AbsoluteUri.TrimEnd('/');
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var address = addresses[index];
            var type = TypeOf(address);
            var resource = entry["resource"]!.AsObject();
            if (receiverIds.TryGetValue(address, out var known))
            {
                if (entry["fullUrl"]?.GetValue<string>() is { } fullUrl)
                {
                    referenceTo[fullUrl] = known;
                }

                entry["fullUrl"] = $"{baseUrl}/{known}";
                resource["id"] = known[(known.IndexOf('/', StringComparison.Ordinal) + 1)..];
                entry["request"] = new JsonObject { ["method"] = "PUT", ["url"] = known };
            }
            else
            {
                resource.Remove("id");
                var request = new JsonObject { ["method"] = "POST", ["url"] = type };
                if (address.IndexOf('?', StringComparison.Ordinal) is var query and > 0)
                {
                    request["ifNoneExist"] = address[(query + 1)..];
                }
                else
                {
                    var stableId = address[(type.Length + 1)..];
                    var meta = resource["meta"] as JsonObject ?? new JsonObject();
                    resource["meta"] = meta;
                    var tags = meta["tag"] as JsonArray ?? [];
                    meta["tag"] = tags;
                    tags.Add(new JsonObject { ["system"] = EntryTagSystem, ["code"] = stableId });
                    request["ifNoneExist"] = $"_tag={Uri.EscapeDataString(EntryTagSystem)}|{stableId}";
                }

                entry["request"] = request;
            }
        }

        foreach (var reference in References(transaction))
        {
            if (referenceTo.TryGetValue(reference.GetValue<string>(), out var receiverId))
            {
                reference.ReplaceWith(receiverId);
            }
        }
    }

    /// <summary>
    /// The receiver's <c>Type/id</c> of each entry, read from its transaction-response (entry <c>n</c> answers
    /// entry <c>n</c>), paired with the entry's address. An entry answered without a location of its own type
    /// is left out: the next delivery creates it conditionally again.
    /// </summary>
    public static IReadOnlyList<ReceiverId> ReceiverIds(JsonNode transactionResponse, IReadOnlyList<string> addresses)
    {
        var answers = transactionResponse["entry"]?.AsArray() ?? [];
        var ids = new List<ReceiverId>();
        for (var index = 0; index < Math.Min(answers.Count, addresses.Count); index++)
        {
            var address = addresses[index];
            var response = answers[index]?["response"];
            if (response?["location"] is JsonValue location && location.TryGetValue<string>(out var text)
                && ReceiverIdOf(text, TypeOf(address)) is { } receiverId)
            {
                var status = response["status"] is JsonValue value && value.TryGetValue<string>(out var code) ? code : string.Empty;
                ids.Add(new(address, receiverId, status.StartsWith("201", StringComparison.Ordinal)));
            }
        }

        return ids;
    }

    // "Type/id", "Type/id/_history/v", or either behind the receiver's base URL.
    private static string? ReceiverIdOf(string location, string type)
    {
        var path = location.Split('?', 2)[0];
        if (path.IndexOf("/_history/", StringComparison.Ordinal) is var history and >= 0)
        {
            path = path[..history];
        }

        var segments = path.TrimEnd('/').Split('/');
        if (segments.Length < 2 || segments[^2] != type || !IsFhirId(segments[^1]))
        {
            return null;
        }

        return $"{type}/{segments[^1]}";
    }

    // R4 id: [A-Za-z0-9\-\.]{1,64}.
    private static bool IsFhirId(string id)
        => id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static string TypeOf(string address) => address[..address.IndexOfAny(['?', '/'])];

    private static IEnumerable<JsonObject> Entries(JsonNode transaction)
        => (transaction["entry"]?.AsArray() ?? []).OfType<JsonObject>();

    private static IEnumerable<string> EntryAddresses(JsonNode transaction)
        => Entries(transaction).Select(e => e["request"]?["url"]?.GetValue<string>()
            ?? throw new ArgumentException("A gateway transaction entry has a request URL.", nameof(transaction)));

    // Every Reference.reference in the entries' resources (contained ones too).
    private static List<JsonValue> References(JsonNode transaction)
    {
        var found = new List<JsonValue>();
        foreach (var entry in Entries(transaction))
        {
            Collect(entry["resource"], found);
        }

        return found;
    }

    private static void Collect(JsonNode? node, List<JsonValue> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "reference" && value is JsonValue text && text.TryGetValue<string>(out _))
                    {
                        found.Add(text);
                    }
                    else
                    {
                        Collect(value, found);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, found);
                }

                break;
        }
    }
}
