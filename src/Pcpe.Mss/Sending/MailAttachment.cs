namespace Pcpe.Mss.Sending;

/// <summary>A file attached beside IHE_XDM.ZIP, for the person who reads the mail (the readable PDF).</summary>
public sealed record MailAttachment(string FileName, string MediaType, ReadOnlyMemory<byte> Content);
