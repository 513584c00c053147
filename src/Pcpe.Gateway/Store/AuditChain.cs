using System.Security.Cryptography;
using System.Text;

namespace Pcpe.Gateway.Store;

/// <summary>
/// The hash chain of the audit trail: each event's hash covers its content and the previous event's
/// hash, so changing, removing or reordering any event breaks every hash after it.
/// </summary>
internal static class AuditChain
{
    /// <summary>The previous hash of the first event.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Hash(string previous, long recordedAt, string personRef, string outcome, string recipientId, string deliveryId, string kind, string documentId, int documentVersion, string? legalBasis, string? reason, string? policyVersion, string @event)
    {
        // Unit separators keep fields apart: no two different events give the same text.
        var text = string.Join('\u001f', previous, recordedAt, personRef, outcome, recipientId, deliveryId, kind, documentId, documentVersion, legalBasis ?? "\u0000", reason ?? "\u0000", policyVersion ?? "\u0000", @event);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
