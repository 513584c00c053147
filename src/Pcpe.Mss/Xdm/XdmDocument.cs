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

    /// <summary>More confidentialityCode occurrences after the first: the DMP's visibility codes of JDV_J08
    /// (MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX).</summary>
    public IReadOnlyList<XdmCode> MoreConfidentialityCodes { get; init; } = [];

    /// <summary>When the document was made.</summary>
    public required DateTimeOffset CreationTime { get; init; }

    /// <summary>The author's institution (XON), when it differs from the submission set's or is to be repeated.</summary>
    public string? AuthorInstitution { get; init; }

    /// <summary>The author as an XCN (<c>id^family^given^^^^^^&amp;oid&amp;ISO</c>), when a professional wrote it.</summary>
    public string? AuthorPerson { get; init; }

    /// <summary>The uniqueId of the document this one replaces at the receiver (an RPLC association), if any.</summary>
    public string? Replaces { get; init; }

    /// <summary>The entryUUID of the DocumentEntry: derived from the uniqueId, so a later replacement can name it.</summary>
    public string EntryUuid => XdmIdentifiers.EntryUuid(UniqueId);
}
