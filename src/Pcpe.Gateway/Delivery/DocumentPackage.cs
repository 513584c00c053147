using Pcpe.Mss.Xdm;

namespace Pcpe.Gateway.Delivery;

/// <summary>What one MSSanté sending carries: the XDM submission, the readable PDF for the mail's reader, and
/// what the MSSanté headers say about it.</summary>
public sealed record DocumentPackage
{
    /// <summary>What the document is (its type), for the mail's subject and text: never the DUI's own title,
    /// which may name the person.</summary>
    public required string Title { get; init; }

    public required XdmSubmission Xdm { get; init; }

    /// <summary>The readable PDF, attached beside IHE_XDM.ZIP; null for a coordinator's message.</summary>
    public byte[]? Pdf { get; init; }

    /// <summary>The CDA header code (X-MSS-CODECDA); null when no CDA travels.</summary>
    public string? CdaCode { get; init; }

    /// <summary>Whether the CDA holds a qualified INS (X-MSS-INS).</summary>
    public bool QualifiedIns { get; init; }

    /// <summary>FINESS of the destination a transition plan names, whose mailbox its <c>to.mssAddress</c> must be.</summary>
    public string? DestinationFiness { get; init; }

    /// <summary>The person's qualified INS when the CDA carries it: what names their own mailbox.</summary>
    public string? PersonIns { get; init; }
}
