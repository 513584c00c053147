using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pcpe.Fhir.Mapping;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// The "create only" relay of a FHIR REST receiver that assigns the ids: the transaction is rewritten with the
/// ids the receiver gave earlier deliveries, and the ids of its answer are kept for the next ones.
/// </summary>
public sealed class CreateOnlyRelay(GatewayStore store, TimeProvider time, IOptions<DeliveryOptions> options, ILogger<CreateOnlyRelay> logger)
{
    // A transaction-response names each entry's location: a few hundred bytes per entry.
    private const int MaxAnswerBytes = 8 * 1024 * 1024;

    /// <summary>The transaction as this receiver is sent it, the entry addresses its answer is read by, and those
    /// sent as creates (the others were updated by the receiver's id).</summary>
    public sealed record Prepared(byte[] Payload, IReadOnlyList<string> Addresses, IReadOnlySet<string> SentAsCreates);

    /// <summary>What the answer said: how many ids were kept, and how many resources sent as creates the receiver
    /// already held (answered 200, not 201: the content sent did not update them).</summary>
    public sealed record Kept(int Ids, int AlreadyHeld);

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

        return new Prepared(buffer.ToArray(), addresses, addresses.Where(a => !known.ContainsKey(a)).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// Keeps the ids of the receiver's transaction-response. The receiver took the transaction: an answer that cannot
    /// be read (or the store failing to keep its ids) loses the ids, never the delivery.
    /// </summary>
    public async Task<Kept> KeepAsync(Prepared prepared, LeasedDelivery delivery, string recipientId, HttpContent answer, CancellationToken cancellationToken)
    {
        // The answer's body is read within the send's time budget: a send never outlives its lease.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(options.Value.HttpTimeoutSeconds));
        if (await ReadAsync(answer, budget.Token) is not { } response)
        {
            return new Kept(0, 0);
        }

        var ids = CreateOnlyTransaction.ReceiverIds(response, prepared.Addresses);
        try
        {
            await store.KeepReceiverIdsAsync(recipientId, delivery.Id, delivery.PersonRef, [.. ids.Select(i => new KeyValuePair<string, string>(i.Address, i.Id))], time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            GatewayLog.ReceiverIdsNotKept(logger, delivery.Id, ex.GetType().Name);
            return new Kept(0, 0);
        }

        // Entries without business identifier (the Provenance) are the same content when found: nothing to update.
        var alreadyHeld = ids.Count(i => !i.Created && prepared.SentAsCreates.Contains(i.Address) && i.Address.Contains('?', StringComparison.Ordinal));
        return new Kept(ids.Count, alreadyHeld);
    }

    /// <summary>Forgets the ids this delivery was sent with, after the receiver said it no longer holds one of them.</summary>
    public Task ForgetAsync(Prepared prepared, string recipientId, CancellationToken cancellationToken)
        => store.ForgetReceiverIdsAsync(recipientId, [.. prepared.Addresses.Where(a => !prepared.SentAsCreates.Contains(a))], cancellationToken);

    private static async Task<JsonNode?> ReadAsync(HttpContent answer, CancellationToken cancellationToken)
    {
        if (answer.Headers.ContentLength > MaxAnswerBytes)
        {
            return null;
        }

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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IOException or HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
