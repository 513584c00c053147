namespace Pcpe.Mss.Sending;

/// <summary>
/// A message the gateway sends from its applicative mailbox. The text carries no more health data
/// than the recipient may receive: the caller writes it from the already-minimised document.
/// </summary>
public sealed record OutgoingMessage
{
    public required string To { get; init; }

    public IReadOnlyList<string> Cc { get; init; } = [];

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    public string? HtmlBody { get; init; }

    /// <summary>IHE_XDM.ZIP bytes, when documents travel.</summary>
    public ReadOnlyMemory<byte>? XdmPackage { get; init; }

    /// <summary>Files attached after IHE_XDM.ZIP.</summary>
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];

    /// <summary>X-MSS-MES: <c>FIN</c> to a patient's mailbox forbids a reply (MSSanté référentiel #2).</summary>
    public string? PatientReplyControl { get; init; }

    /// <summary>Message-ID (without angle brackets) the gateway tracks MDN/DSN against.</summary>
    public required string MessageId { get; init; }

    /// <summary>Ask the receiver for a processing receipt (MDN) to this address.</summary>
    public string? DispositionNotificationTo { get; init; }

    /// <summary>CDA header codes when a CDA document travels (X-MSS-CODECDA); none for FHIR-only.</summary>
    public IReadOnlyList<string> CdaCodes { get; init; } = [];

    /// <summary>Whether a qualified INS is in the CDA (X-MSS-INS = O/N); only meaningful with CDA.</summary>
    public bool QualifiedInsInCda { get; init; }
}
