using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Receiving;

/// <summary>Bounds on what a received message may hold.</summary>
public sealed record IncomingLimits
{
    /// <summary>Deepest multipart nesting accepted.</summary>
    public int MaxNesting { get; init; } = 8;

    public int MaxAttachments { get; init; } = 50;

    /// <summary>Decoded bytes of all attachments together.</summary>
    public long MaxAttachmentBytes { get; init; } = 25L * 1024 * 1024;

    public XdmReadLimits Xdm { get; init; } = XdmReadLimits.Default;

    public static IncomingLimits Default { get; } = new();
}
