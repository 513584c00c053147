using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;

namespace Pcpe.Mss.Xdm;

/// <summary>
/// Reads any IHE_XDM.ZIP (ours or another software's): refuses unsafe or oversized archives, finds
/// every IHE_XDM/SUBSETnn/METADATA.XML, and returns each document with its metadata once its SHA-1
/// and size match the metadata. Sizes are counted while inflating, never taken from zip headers.
/// </summary>
public static class XdmPackageReader
{
    private static readonly XNamespace Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    private const string DocumentEntryPatientId = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    private const string DocumentEntryUniqueId = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    private const string SubmissionSetPatientId = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    private const string SubmissionSetUniqueId = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    private const string ClassCodeScheme = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a";
    private const string TypeCodeScheme = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    private const string FormatCodeScheme = "urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d";

    public static XdmPackage Read(ReadOnlyMemory<byte> zipBytes, XdmReadLimits? limits = null)
    {
        limits ??= XdmReadLimits.Default;
        var entries = Inflate(zipBytes, limits);
        var metadataFiles = entries.Keys
            .Where(name => name.StartsWith("IHE_XDM/", StringComparison.OrdinalIgnoreCase)
                && name.EndsWith("/METADATA.XML", StringComparison.OrdinalIgnoreCase)
                && name.Count(c => c == '/') == 2)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (metadataFiles.Count == 0)
        {
            throw new XdmPackageException(XdmError.MissingMetadata, "no IHE_XDM/SUBSETnn/METADATA.XML in the archive");
        }

        var documents = new List<XdmReadDocument>();
        string? patientId = null;
        string? submissionSetUniqueId = null;
        foreach (var metadataFile in metadataFiles)
        {
            var subset = metadataFile[..(metadataFile.LastIndexOf('/') + 1)];
            var metadata = ParseXml(entries[metadataFile], metadataFile);
            var submissionSet = metadata.Descendants(Rim + "RegistryPackage").FirstOrDefault();
            patientId ??= ExternalIdentifier(submissionSet, SubmissionSetPatientId);
            submissionSetUniqueId ??= ExternalIdentifier(submissionSet, SubmissionSetUniqueId);
            foreach (var entry in metadata.Descendants(Rim + "ExtrinsicObject"))
            {
                documents.Add(ReadDocument(entry, subset, entries, metadataFile));
            }
        }

        if (documents.Count == 0)
        {
            throw new XdmPackageException(XdmError.InvalidMetadata, "METADATA.XML describes no document (no ExtrinsicObject)");
        }

        return new XdmPackage
        {
            PatientId = patientId ?? documents[0].PatientId,
            SubmissionSetUniqueId = submissionSetUniqueId,
            Documents = documents,
        };
    }

    private static XdmReadDocument ReadDocument(XElement entry, string subset, Dictionary<string, byte[]> entries, string metadataFile)
    {
        var uri = Slot(entry, "URI") ?? throw new XdmPackageException(XdmError.InvalidMetadata, $"{metadataFile}: a DocumentEntry has no URI slot");
        var hash = Slot(entry, "hash") ?? throw new XdmPackageException(XdmError.InvalidMetadata, $"{metadataFile}: DocumentEntry {uri} has no hash slot");
        var sizeText = Slot(entry, "size") ?? throw new XdmPackageException(XdmError.InvalidMetadata, $"{metadataFile}: DocumentEntry {uri} has no size slot");
        if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new XdmPackageException(XdmError.InvalidMetadata, $"{metadataFile}: DocumentEntry {uri} has a size that is not a number");
        }

        if (!IsSafeName(uri) || uri.Contains('/', StringComparison.Ordinal))
        {
            throw new XdmPackageException(XdmError.UnsafeEntryName, $"{metadataFile}: DocumentEntry URI '{uri}' is not a file name of the subset");
        }

        if (!entries.TryGetValue(subset + uri, out var content))
        {
            throw new XdmPackageException(XdmError.MissingDocument, $"{subset}{uri} is named by the metadata but not in the archive");
        }

        if (content.LongLength != size)
        {
            throw new XdmPackageException(XdmError.SizeMismatch, $"{subset}{uri} has {content.LongLength} bytes, the metadata says {size}");
        }

        if (!string.Equals(Convert.ToHexString(SHA1.HashData(content)), hash, StringComparison.OrdinalIgnoreCase))
        {
            throw new XdmPackageException(XdmError.HashMismatch, $"{subset}{uri}: SHA-1 differs from the metadata's hash");
        }

        return new XdmReadDocument
        {
            Uri = uri,
            MimeType = (string?)entry.Attribute("mimeType") ?? "application/octet-stream",
            Content = content,
            Title = entry.Element(Rim + "Name")?.Element(Rim + "LocalizedString")?.Attribute("value")?.Value,
            UniqueId = ExternalIdentifier(entry, DocumentEntryUniqueId),
            PatientId = ExternalIdentifier(entry, DocumentEntryPatientId) ?? Slot(entry, "sourcePatientId"),
            ClassCode = Code(entry, ClassCodeScheme),
            TypeCode = Code(entry, TypeCodeScheme),
            FormatCode = Code(entry, FormatCodeScheme),
        };
    }

    private static Dictionary<string, byte[]> Inflate(ReadOnlyMemory<byte> zipBytes, XdmReadLimits limits)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(zipBytes.ToArray(), writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new XdmPackageException(XdmError.NotAZip, "the attachment is not a readable zip archive");
        }

        using (archive)
        {
            if (archive.Entries.Count > limits.MaxEntries)
            {
                throw new XdmPackageException(XdmError.TooLarge, $"the archive has {archive.Entries.Count} entries, over the limit of {limits.MaxEntries}");
            }

            var entries = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/'))
                {
                    continue; // a folder
                }

                if (!IsSafeName(name))
                {
                    throw new XdmPackageException(XdmError.UnsafeEntryName, $"unsafe entry name in the archive: '{name}'");
                }

                if (entries.ContainsKey(name))
                {
                    throw new XdmPackageException(XdmError.DuplicateEntry, $"the archive holds '{name}' twice");
                }

                var budget = Math.Min(limits.MaxEntryBytes, limits.MaxTotalBytes - total);
                var ratioCap = Math.Max(1024 * 1024, entry.CompressedLength * limits.MaxCompressionRatio);
                var content = ReadBounded(entry, Math.Min(budget, ratioCap), name, limits);
                total += content.LongLength;
                entries[name] = content;
            }

            return entries;
        }
    }

    private static byte[] ReadBounded(ZipArchiveEntry entry, long cap, string name, XdmReadLimits limits)
    {
        try
        {
            using var source = entry.Open();
            using var target = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (target.Length + read > cap)
                {
                    throw new XdmPackageException(XdmError.TooLarge, $"'{name}' inflates beyond the limits (entry {limits.MaxEntryBytes} bytes, total {limits.MaxTotalBytes} bytes, ratio {limits.MaxCompressionRatio}:1)");
                }

                target.Write(buffer, 0, read);
            }

            return target.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new XdmPackageException(XdmError.NotAZip, $"'{name}' cannot be inflated: the archive is damaged");
        }
    }

    private static bool IsSafeName(string name)
        => name.Length > 0
            && !name.StartsWith('/')
            && !name.Contains('\\', StringComparison.Ordinal)
            && !name.Contains(':', StringComparison.Ordinal)
            && !name.Contains('\0', StringComparison.Ordinal)
            && !name.Split('/').Any(part => part is ".." or ".");

    private static XDocument ParseXml(byte[] xml, string name)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = 20_000_000,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new XdmPackageException(XdmError.InvalidMetadata, $"{name} is not well-formed XML without DTD (line {ex.LineNumber})");
        }
    }

    private static string? Slot(XElement owner, string name)
        => owner.Elements(Rim + "Slot").FirstOrDefault(s => (string?)s.Attribute("name") == name)?
            .Element(Rim + "ValueList")?.Elements(Rim + "Value").FirstOrDefault()?.Value.Trim();

    private static string? ExternalIdentifier(XElement? owner, string scheme)
        => owner?.Elements(Rim + "ExternalIdentifier").FirstOrDefault(e => (string?)e.Attribute("identificationScheme") == scheme)?.Attribute("value")?.Value;

    private static XdmCode? Code(XElement owner, string scheme)
    {
        var classification = owner.Elements(Rim + "Classification").FirstOrDefault(c => (string?)c.Attribute("classificationScheme") == scheme);
        if (classification?.Attribute("nodeRepresentation")?.Value is not { } code)
        {
            return null;
        }

        return new XdmCode(code, Slot(classification, "codingScheme") ?? string.Empty, classification.Element(Rim + "Name")?.Element(Rim + "LocalizedString")?.Attribute("value")?.Value ?? code);
    }
}
