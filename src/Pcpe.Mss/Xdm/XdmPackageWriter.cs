using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Pcpe.Mss.Xdm;

/// <summary>
/// Writes IHE_XDM.ZIP (IHE ITI XDM, as used on MSSanté): README.TXT, INDEX.HTM,
/// IHE_XDM/SUBSET01/METADATA.XML (ebRIM SubmitObjectsRequest) and the documents, with SHA-1 hash and
/// size computed from the bytes written. The ebRIM is written by hand: no .NET library for XDS
/// metadata is available here.
/// </summary>
public static class XdmPackageWriter
{
    public const string AttachmentName = "IHE_XDM.ZIP";
    private const string Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private const string Lcm = "urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0";

    public static byte[] Write(XdmSubmission submission)
    {
        ArgumentOutOfRangeException.ThrowIfZero(submission.Documents.Count);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var fileNames = submission.Documents.Select((d, i) => $"DOC{i + 1:D4}.{d.Extension.ToUpperInvariant()}").ToList();
            AddEntry(zip, "README.TXT", Encoding.UTF8.GetBytes(Readme(submission)));
            AddEntry(zip, "INDEX.HTM", Encoding.UTF8.GetBytes(Index(submission, fileNames)));
            AddEntry(zip, "IHE_XDM/SUBSET01/METADATA.XML", Metadata(submission, fileNames));
            for (var i = 0; i < fileNames.Count; i++)
            {
                AddEntry(zip, $"IHE_XDM/SUBSET01/{fileNames[i]}", submission.Documents[i].Content.Span);
            }
        }

        return buffer.ToArray();
    }

    private static void AddEntry(ZipArchive zip, string name, ReadOnlySpan<byte> content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(content);
    }

    private static string Readme(XdmSubmission submission) =>
        "IHE XDM package\r\n" +
        "Produced by Pcpe.Gateway (interoperability gateway of a PCPE).\r\n" +
        $"Documents: {submission.Documents.Count}. Metadata: IHE_XDM/SUBSET01/METADATA.XML.\r\n" +
        "Open INDEX.HTM to browse the documents.\r\n";

    private static string Index(XdmSubmission submission, List<string> fileNames)
    {
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>IHE XDM</title></head><body><h1>Documents</h1><ul>");
        for (var i = 0; i < fileNames.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"IHE_XDM/SUBSET01/{fileNames[i]}\">{WebUtility.HtmlEncode(submission.Documents[i].Title)}</a></li>");
        }

        return html.Append("</ul></body></html>").ToString();
    }

    private static byte[] Metadata(XdmSubmission submission, List<string> fileNames)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            xml.WriteStartElement("lcm", "SubmitObjectsRequest", Lcm);
            xml.WriteAttributeString("xmlns", "rim", null, Rim);
            xml.WriteStartElement("rim", "RegistryObjectList", Rim);

            for (var i = 0; i < submission.Documents.Count; i++)
            {
                WriteDocumentEntry(xml, submission, submission.Documents[i], fileNames[i]);
            }

            WriteSubmissionSet(xml, submission);
            for (var i = 0; i < submission.Documents.Count; i++)
            {
                xml.WriteStartElement("rim", "Association", Rim);
                xml.WriteAttributeString("id", $"Association{i + 1:D2}");
                xml.WriteAttributeString("associationType", "urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember");
                xml.WriteAttributeString("sourceObject", "SubmissionSet01");
                xml.WriteAttributeString("targetObject", submission.Documents[i].EntryUuid);
                Slot(xml, "SubmissionSetStatus", "Original");
                xml.WriteEndElement();
            }

            // A replacement names the entry the gateway gave the previous version (IHE ITI TF-3 4.2.2);
            // the CDA's relatedDocument names its uniqueId, which is what French receivers read.
            foreach (var document in submission.Documents.Where(d => d.Replaces is not null))
            {
                xml.WriteStartElement("rim", "Association", Rim);
                xml.WriteAttributeString("id", XdmIdentifiers.EntryUuid($"{document.UniqueId}/replaces"));
                xml.WriteAttributeString("associationType", "urn:ihe:iti:2007:AssociationType:RPLC");
                xml.WriteAttributeString("sourceObject", document.EntryUuid);
                xml.WriteAttributeString("targetObject", XdmIdentifiers.EntryUuid(document.Replaces!));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return buffer.ToArray();
    }

    private static void WriteDocumentEntry(XmlWriter xml, XdmSubmission submission, XdmDocument document, string fileName)
    {
        var id = document.EntryUuid;
        xml.WriteStartElement("rim", "ExtrinsicObject", Rim);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("mimeType", document.MimeType);
        xml.WriteAttributeString("objectType", "urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1");
        Slot(xml, "creationTime", Dtm(document.CreationTime));
        Slot(xml, "languageCode", "fr-FR");
        Slot(xml, "sourcePatientId", submission.PatientId);
        if (submission.SourcePatientInfo.Count > 0)
        {
            Slot(xml, "sourcePatientInfo", submission.SourcePatientInfo);
        }

        Slot(xml, "hash", Convert.ToHexStringLower(SHA1.HashData(document.Content.Span)));
        Slot(xml, "size", document.Content.Length.ToString(CultureInfo.InvariantCulture));
        Slot(xml, "URI", fileName);
        Name(xml, document.Title);
        if (document.AuthorInstitution is not null || document.AuthorPerson is not null)
        {
            xml.WriteStartElement("rim", "Classification", Rim);
            xml.WriteAttributeString("id", XdmIdentifiers.EntryUuid($"{id}/author"));
            xml.WriteAttributeString("classificationScheme", "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d");
            xml.WriteAttributeString("classifiedObject", id);
            xml.WriteAttributeString("nodeRepresentation", string.Empty);
            if (document.AuthorInstitution is { } institution)
            {
                Slot(xml, "authorInstitution", institution);
            }

            if (document.AuthorPerson is { } person)
            {
                Slot(xml, "authorPerson", person);
            }

            xml.WriteEndElement();
        }

        Classification(xml, id, "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a", document.ClassCode);
        foreach (var confidentiality in document.MoreConfidentialityCodes.Prepend(document.ConfidentialityCode))
        {
            Classification(xml, id, "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f", confidentiality);
        }

        Classification(xml, id, "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d", document.FormatCode);
        Classification(xml, id, "urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1", document.HealthcareFacilityTypeCode);
        Classification(xml, id, "urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead", document.PracticeSettingCode);
        Classification(xml, id, "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983", document.TypeCode);
        ExternalIdentifier(xml, id, "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427", submission.PatientId, "XDSDocumentEntry.patientId");
        ExternalIdentifier(xml, id, "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab", document.UniqueId, "XDSDocumentEntry.uniqueId");
        xml.WriteEndElement();
    }

    private static void WriteSubmissionSet(XmlWriter xml, XdmSubmission submission)
    {
        const string id = "SubmissionSet01";
        xml.WriteStartElement("rim", "RegistryPackage", Rim);
        xml.WriteAttributeString("id", id);
        Slot(xml, "submissionTime", Dtm(submission.SubmissionTime));
        Name(xml, "Pcpe.Gateway");
        xml.WriteStartElement("rim", "Classification", Rim);
        xml.WriteAttributeString("id", "SubmissionSetAuthor");
        xml.WriteAttributeString("classificationScheme", "urn:uuid:a7058bb9-b4e4-4307-ba5b-e3f0ab85e12d");
        xml.WriteAttributeString("classifiedObject", id);
        xml.WriteAttributeString("nodeRepresentation", string.Empty);
        Slot(xml, "authorInstitution", submission.AuthorInstitution);
        xml.WriteEndElement();
        Classification(xml, id, "urn:uuid:aa543740-bdda-424e-8c96-df4873be8500", submission.ContentTypeCode);
        ExternalIdentifier(xml, id, "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8", submission.UniqueId, "XDSSubmissionSet.uniqueId");
        ExternalIdentifier(xml, id, "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832", submission.SourceId, "XDSSubmissionSet.sourceId");
        ExternalIdentifier(xml, id, "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446", submission.PatientId, "XDSSubmissionSet.patientId");
        xml.WriteEndElement();
        xml.WriteStartElement("rim", "Classification", Rim);
        xml.WriteAttributeString("id", "SubmissionSetClassification");
        xml.WriteAttributeString("classifiedObject", id);
        xml.WriteAttributeString("classificationNode", "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd");
        xml.WriteEndElement();
    }

    private static void Classification(XmlWriter xml, string classifiedObject, string scheme, XdmCode code)
    {
        xml.WriteStartElement("rim", "Classification", Rim);
        xml.WriteAttributeString("id", XdmIdentifiers.EntryUuid($"{classifiedObject}/{scheme}/{code.Scheme}/{code.Code}"));
        xml.WriteAttributeString("classificationScheme", scheme);
        xml.WriteAttributeString("classifiedObject", classifiedObject);
        xml.WriteAttributeString("nodeRepresentation", code.Code);
        Slot(xml, "codingScheme", code.Scheme);
        Name(xml, code.Display);
        xml.WriteEndElement();
    }

    private static void ExternalIdentifier(XmlWriter xml, string registryObject, string scheme, string value, string name)
    {
        xml.WriteStartElement("rim", "ExternalIdentifier", Rim);
        xml.WriteAttributeString("id", XdmIdentifiers.EntryUuid($"{registryObject}/{name}"));
        xml.WriteAttributeString("identificationScheme", scheme);
        xml.WriteAttributeString("registryObject", registryObject);
        xml.WriteAttributeString("value", value);
        Name(xml, name);
        xml.WriteEndElement();
    }

    private static void Slot(XmlWriter xml, string name, string value) => Slot(xml, name, [value]);

    private static void Slot(XmlWriter xml, string name, IReadOnlyList<string> values)
    {
        xml.WriteStartElement("rim", "Slot", Rim);
        xml.WriteAttributeString("name", name);
        xml.WriteStartElement("rim", "ValueList", Rim);
        foreach (var value in values)
        {
            xml.WriteElementString("rim", "Value", Rim, value);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Name(XmlWriter xml, string value)
    {
        xml.WriteStartElement("rim", "Name", Rim);
        xml.WriteStartElement("rim", "LocalizedString", Rim);
        xml.WriteAttributeString("value", value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string Dtm(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
