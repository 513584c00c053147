namespace Pcpe.Fhir.Messages;

/// <summary>A secure message a coordinator sent to the gateway's mailbox, once read and checked.</summary>
public sealed record CoordinatorMessage
{
    /// <summary>Message-ID (without brackets): identifies the message for good.</summary>
    public required string MessageId { get; init; }

    public required string SenderAddress { get; init; }

    public required string Subject { get; init; }

    public string? Text { get; init; }

    public required DateTimeOffset Sent { get; init; }

    /// <summary>The person it is about, as an identifier (system, value): INS or TDDUI local identifier.</summary>
    public required (string System, string Value) Person { get; init; }

    public IReadOnlyList<MessageDocument> Documents { get; init; } = [];
}

/// <summary>A document received with a message (attachment, or document of its IHE_XDM.ZIP).</summary>
/// <param name="FileName">Name as received.</param>
/// <param name="MimeType">Its MIME type.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="UniqueId">XDS uniqueId (OID) when it came from an XDM package.</param>
public sealed record MessageDocument(string FileName, string MimeType, byte[] Content, string? UniqueId);
