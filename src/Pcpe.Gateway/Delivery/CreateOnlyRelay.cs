using System.Text.Json;
using System.Text.Json.Nodes;
using Pcpe.Fhir.Mapping;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// The "create only" relay of a FHIR REST receiver that assigns the ids: the transaction is rewritten with the
/// ids the receiver gave earlier deliveries, and the ids of its answer are kept for the next ones.
/// </summary>
public sealed class CreateOnlyRelay(GatewayStore store, TimeProvider time)
{
    // A transaction-response names each entry's location: a few hundred bytes per entry.
    private const int MaxAnswerBytes = 8 * 1024 * 1024;

    /// <summary>The transaction as this receiver is sent it, and the entry addresses its answer is read by.</summary>
    public sealed record Prepared(byte[] Payload, IReadOnlyList<string> Addresses);

    public async Task<Prepared> PrepareAsync(LeasedDelivery delivery, string recipientId, Uri endpoint, CancellationToken cancellationToken)
    {
        var transaction = JsonNode.Parse(delivery.Payload)
            ?? throw new InvalidOperationException("A delivery's payload is a transaction Bundle.");
        var addresses = CreateOnlyTransaction.Addresses(transaction);
        var known = await store.ReceiverIdsAsync(recipientId, addresses, cancellationToken);
        CreateOnlyTransaction.Rewrite(transaction, known, endpoint);
        using var buffer = new MemoryStream(delivery.Payload.Length);
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            transaction.WriteTo(writer);
        }

        return new Prepared(buffer.ToArray(), addresses);
    }

    /// <summary>Keeps the ids of the receiver's transaction-response; says how many of its entries it named.</summary>
    public async Task<string> KeepAsync(Prepared prepared, LeasedDelivery delivery, string recipientId, HttpContent answer, CancellationToken cancellationToken)
    {
        IReadOnlyList<KeyValuePair<string, string>> ids = [];
        if (await ReadAsync(answer, cancellationToken) is { } response)
        {
            ids = CreateOnlyTransaction.ReceiverIds(response, prepared.Addresses);
        }

        await store.KeepReceiverIdsAsync(recipientId, delivery.PersonRef, ids, time.GetUtcNow(), cancellationToken);
        return ids.Count == 0 ? "the answer named no ids" : $"receiver ids kept: {ids.Count}";
    }

    private static async Task<JsonNode?> ReadAsync(HttpContent answer, CancellationToken cancellationToken)
    {
        if (answer.Headers.ContentLength > MaxAnswerBytes)
        {
            return null;
        }

        // The receiver took the transaction: an answer that cannot be read loses its ids, not the delivery.
        try
        {
            await using var stream = await answer.ReadAsStreamAsync(cancellationToken);
            using var bounded = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (bounded.Length + read > MaxAnswerBytes)
                {
                    return null;
                }

                bounded.Write(chunk, 0, read);
            }

            return JsonNode.Parse(bounded.ToArray()) is JsonObject { } bundle && bundle["resourceType"]?.GetValue<string>() == "Bundle" ? bundle : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IOException or HttpRequestException)
        {
            return null;
        }
    }
}
