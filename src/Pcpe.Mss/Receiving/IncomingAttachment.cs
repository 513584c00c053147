namespace Pcpe.Mss.Receiving;

/// <summary>One document received: an attachment, or a document unpacked from a verified IHE_XDM.ZIP.</summary>
public sealed record IncomingAttachment(string FileName, string MimeType, AttachmentKind Kind, byte[] Content);
