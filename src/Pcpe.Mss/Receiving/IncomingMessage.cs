using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Receiving;

/// <summary>A secure message read from the applicative mailbox, ready to be stored as a submission.</summary>
public sealed record IncomingMessage
{
    /// <summary>Message-ID without angle brackets; the key that keeps a message from being stored twice.</summary>
    public required string MessageId { get; init; }

    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public required string Subject { get; init; }

    /// <summary>The Date header (when the sender sent it).</summary>
    public required DateTimeOffset Sent { get; init; }

    public string? Text { get; init; }

    public required IReadOnlyList<IncomingAttachment> Attachments { get; init; }

    /// <summary>The verified XDM package, when one was attached.</summary>
    public XdmPackage? Xdm { get; init; }

    /// <summary>INS and OID from the XDM metadata, when present (the subject never identifies the patient).</summary>
    public (string Ins, string Oid)? Ins => Xdm?.Ins;

    /// <summary>Where the sender asked for a processing receipt (MDN).</summary>
    public string? DispositionNotificationTo { get; init; }

    /// <summary>The message was S/MIME signed (multipart/signed); its content was read.</summary>
    public bool Signed { get; init; }
}
