namespace Pcpe.Mss.Xdm;

/// <summary>Why an IHE_XDM.ZIP was refused.</summary>
public enum XdmError
{
    /// <summary>Not a readable zip archive.</summary>
    NotAZip,
    /// <summary>An entry name escapes the archive (.., absolute path, backslash, drive letter).</summary>
    UnsafeEntryName,
    /// <summary>Two entries share a name (case-insensitively).</summary>
    DuplicateEntry,
    /// <summary>Too many entries, too large once inflated, or too high a compression ratio (zip bomb).</summary>
    TooLarge,
    /// <summary>No IHE_XDM/SUBSETnn/METADATA.XML.</summary>
    MissingMetadata,
    /// <summary>METADATA.XML is not the ebRIM expected (unreadable XML, DTD, missing slots).</summary>
    InvalidMetadata,
    /// <summary>A document named by the metadata is not in the archive.</summary>
    MissingDocument,
    /// <summary>A document's SHA-1 differs from the metadata's hash.</summary>
    HashMismatch,
    /// <summary>A document's byte count differs from the metadata's size.</summary>
    SizeMismatch,
}
