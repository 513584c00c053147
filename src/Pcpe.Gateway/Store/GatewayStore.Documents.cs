using Dapper;
using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

// What the sending of a document needs to know about the versions sent before it.
public sealed partial class GatewayStore
{
    /// <summary>The highest version of the same document (structure, kind, id) below the delivery's
    /// that this recipient received at the same address, or null when it received none: the version a new one
    /// replaces at the receiver.</summary>
    public async Task<int?> PreviousDeliveredVersionAsync(LeasedDelivery delivery, CancellationToken cancellationToken)
    {
        await using var connection = await _dialect.OpenAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            SELECT MAX(s.document_version) FROM deliveries d JOIN submissions s ON s.id = d.submission_id
            WHERE d.recipient_id = @recipient AND d.status = {StatusSql.Of(DeliveryStatus.Delivered)} AND COALESCE(d.address, '') = @address
              AND s.structure_finess = @finess AND s.kind = @kind AND s.document_id = @document AND s.document_version < @version
            """,
            new BoundValues
            {
                { "recipient", delivery.RecipientId },
                { "address", delivery.Address ?? string.Empty },
                { "finess", delivery.StructureFiness },
                { "kind", delivery.Kind },
                { "document", delivery.DocumentId },
                { "version", delivery.DocumentVersion },
            },
            cancellationToken: cancellationToken));
        return version is { } found ? (int)found : null;
    }
}
