using Dapper;

namespace Pcpe.Gateway.Store;

/// <summary>The ids "create only" receivers assigned to what they were sent, by recipient and entry address.</summary>
public sealed partial class GatewayStore
{
    /// <summary>The receiver's <c>Type/id</c> for each of <paramref name="addresses"/> it already holds.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ReceiverIdsAsync(string recipientId, IReadOnlyCollection<string> addresses, CancellationToken cancellationToken)
    {
        var byRef = addresses.Distinct(StringComparer.Ordinal)
            .ToDictionary(a => _protector.ReceiverAddressRef(recipientId, a), StringComparer.Ordinal);
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
        return rows.ToDictionary(r => byRef[r.AddressRef], r => r.ReceiverId, StringComparer.Ordinal);
    }

    /// <summary>Keeps the ids a receiver answered with (the latest wins), filed under the delivery's person for erasure.</summary>
    public Task KeepReceiverIdsAsync(string recipientId, string? personRef, IReadOnlyList<KeyValuePair<string, string>> receiverIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (receiverIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One statement for all rows; the latest id of an address given twice wins.
        var parameters = new BoundValues
        {
            { "recipientId", recipientId },
            { "personRef", personRef },
            { "now", now.ToUnixTimeMilliseconds() },
        };
        var latest = receiverIds.GroupBy(id => id.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var values = latest.Select((id, i) =>
        {
            parameters.Add($"ref{i}", _protector.ReceiverAddressRef(recipientId, id.Key));
            parameters.Add($"id{i}", id.Value);
            return $"(@recipientId, @ref{i}, @id{i}, @personRef, @now)";
        });
        var sql = $"""
            INSERT INTO receiver_ids (recipient_id, address_ref, receiver_id, person_ref, recorded_at)
            VALUES {string.Join(", ", values)}
            ON CONFLICT (recipient_id, address_ref) DO UPDATE SET
                receiver_id = excluded.receiver_id, person_ref = excluded.person_ref, recorded_at = excluded.recorded_at
            """;
        return WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            sql, parameters, transaction, cancellationToken: cancellationToken)), cancellationToken);
    }

    private sealed class ReceiverIdRow
    {
        public string AddressRef { get; init; } = string.Empty;

        public string ReceiverId { get; init; } = string.Empty;
    }
}
