using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>
/// The ids "create only" receivers assigned to what they were sent, by recipient and entry address. The address
/// (it names the person's identifiers) is kept as a keyed hash, and the receiver's id sealed: it identifies the
/// person in the receiver's system.
/// </summary>
public sealed partial class GatewayStore
{
    /// <summary>The receiver's <c>Type/id</c> for each of <paramref name="addresses"/> it already holds.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReceiverIdsAsync(string recipientId, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var byRef = addresses.Distinct(StringComparer.Ordinal)
            .ToDictionary(a => AddressRef(recipientId, a), StringComparer.Ordinal);
        if (byRef.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var parameters = new BoundValues { { "recipientId", recipientId } };
        var refs = ListCondition("address_ref", "IN", "ref", byRef.Keys, parameters);
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReceiverIdRow>(new CommandDefinition(
            $"SELECT address_ref AS AddressRef, receiver_id AS ReceiverId FROM receiver_ids WHERE recipient_id = @recipientId AND {refs}",
            parameters, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => byRef[r.AddressRef], r => System.Text.Encoding.UTF8.GetString(_protector.Unprotect(Convert.FromBase64String(r.ReceiverId))), StringComparer.Ordinal);
    }

    /// <summary>
    /// Keeps the ids a receiver answered delivery <paramref name="deliveryId"/> with (the latest wins), filed under
    /// the delivery's person for erasure; nothing when the delivery's payload is gone (the person was erased while
    /// it was being sent).
    /// </summary>
    public Task KeepReceiverIdsAsync(string recipientId, Guid deliveryId, string? personRef, IReadOnlyList<KeyValuePair<string, string>> receiverIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (receiverIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One statement for all rows; the latest id of an address given twice wins.
        var parameters = new BoundValues
        {
            { "recipientId", recipientId },
            { "deliveryId", deliveryId.ToString() },
            { "personRef", personRef, System.Data.DbType.String },
            { "now", now.ToUnixTimeMilliseconds() },
        };
        var latest = receiverIds.GroupBy(id => id.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var values = latest.Select((id, i) =>
        {
            parameters.Add($"ref{i}", AddressRef(recipientId, id.Key));
            parameters.Add($"id{i}", Convert.ToBase64String(_protector.ProtectSmall(System.Text.Encoding.UTF8.GetBytes(id.Value))));
            return $"SELECT @recipientId, @ref{i}, @id{i}, @personRef, @now";
        });
        var sql = $"""
            INSERT INTO receiver_ids (recipient_id, address_ref, receiver_id, person_ref, recorded_at)
            SELECT * FROM ({string.Join(" UNION ALL ", values)}) AS kept
            WHERE EXISTS (SELECT 1 FROM delivery_payloads WHERE delivery_id = @deliveryId)
            ON CONFLICT (recipient_id, address_ref) DO UPDATE SET
                receiver_id = excluded.receiver_id, person_ref = excluded.person_ref, recorded_at = excluded.recorded_at
            """;
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            sql, parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Forgets the receiver's ids of <paramref name="addresses"/> (it no longer holds one of them).</summary>
    public Task ForgetReceiverIdsAsync(string recipientId, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        if (addresses.Count == 0)
        {
            return Task.CompletedTask;
        }

        var parameters = new BoundValues { { "recipientId", recipientId } };
        var refs = ListCondition("address_ref", "IN", "ref", [.. addresses.Select(a => AddressRef(recipientId, a))], parameters);
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM receiver_ids WHERE recipient_id = @recipientId AND {refs}", parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    private string AddressRef(string recipientId, string address)
    {
        RequirePersonKey();
        return _protector.ReceiverAddressRef(recipientId, address);
    }

    private sealed class ReceiverIdRow
    {
        public string AddressRef { get; init; } = string.Empty;

        public string ReceiverId { get; init; } = string.Empty;
    }
}
