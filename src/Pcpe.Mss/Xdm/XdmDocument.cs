namespace Pcpe.Mss.Xdm;

/// <summary>One document of an XDM submission set, with its XDS DocumentEntry metadata.</summary>
public sealed record XdmDocument
{
    /// <summary>The bytes written to the zip; hash and size are computed from them.</summary>
    public required ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>MIME type, e.g. application/fhir+json, application/pdf, text/xml (CDA).</summary>
    public required string MimeType { get; init; }

    /// <summary>File extension in the subset, upper case, without the dot (XML, PDF, JSN).</summary>
    public required string Extension { get; init; }

    /// <summary>Document title shown by receivers.</summary>
    public required string Title { get; init; }

    /// <summary>Globally unique OID of this document (DocumentEntry.uniqueId).</summary>
    public required string UniqueId { get; init; }

    public required XdmCode ClassCode { get; init; }

    public required XdmCode TypeCode { get; init; }

    public required XdmCode FormatCode { get; init; }

    public required XdmCode HealthcareFacilityTypeCode { get; init; }

    public required XdmCode PracticeSettingCode { get; init; }

    public required XdmCode ConfidentialityCode { get; init; }

    /// <summary>When the document was made.</summary>
    public required DateTimeOffset CreationTime { get; init; }
}
