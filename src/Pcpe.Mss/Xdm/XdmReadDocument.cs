namespace Pcpe.Mss.Xdm;

/// <summary>A document found in an XDM package, with the metadata that describes it. Hash and size were verified.</summary>
public sealed record XdmReadDocument
{
    public required string Uri { get; init; }

    public required string MimeType { get; init; }

    public required byte[] Content { get; init; }

    public string? Title { get; init; }

    public string? UniqueId { get; init; }

    public string? PatientId { get; init; }

    public XdmCode? ClassCode { get; init; }

    public XdmCode? TypeCode { get; init; }

    public XdmCode? FormatCode { get; init; }
}
