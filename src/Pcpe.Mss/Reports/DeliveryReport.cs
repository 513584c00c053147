namespace Pcpe.Mss.Reports;

/// <summary>What a DSN (RFC 3464) or MDN (RFC 8098) received says about a message the gateway sent.</summary>
/// <param name="OriginalMessageId">Message-ID (without brackets) of the gateway's message.</param>
/// <param name="Kind">Delivery status or disposition notification.</param>
/// <param name="Success">Delivered / processed (true), or failed / processed with error (false).</param>
/// <param name="Reason">Status code, diagnostic or disposition text, for operators.</param>
/// <param name="Reporter">Address the report came from (its From): for an MDN, the mailbox that got the message.</param>
public sealed record DeliveryReport(string OriginalMessageId, DeliveryReportKind Kind, bool Success, string? Reason, string? Reporter)
{
    /// <summary>The ANS integration error (900-906) a receiving system reported, from the MDN's disposition
    /// (<c>processed/Error: 902^…</c>) or its subject (<c>[KO Intégration système !][902] …</c>).</summary>
    public Receiving.IntegrationErrorCode? IntegrationError { get; init; }
}

/// <summary>Which kind of report.</summary>
public enum DeliveryReportKind
{
    /// <summary>A DSN from a mail server (delivery succeeded, delayed or failed).</summary>
    DeliveryStatus,
    /// <summary>An MDN from the receiving software (processed, or processed with an error).</summary>
    Disposition,
}
