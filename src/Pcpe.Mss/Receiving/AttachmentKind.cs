namespace Pcpe.Mss.Receiving;

/// <summary>What an attachment of a received message was recognised as.</summary>
public enum AttachmentKind
{
    Pdf,
    FhirJson,
    FhirXml,
    PcpeJson,
    XdmDocument,
    Other,
}
