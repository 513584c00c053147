using Pcpe.Fhir.NationalDirectory;

namespace Pcpe.Gateway.NationalDirectory;

/// <summary>What the directory says of one professional or structure.</summary>
/// <param name="Found">The directory knows them.</param>
/// <param name="Mailboxes">Their MSSanté mailboxes, the preferred first.</param>
/// <param name="Stale">The answer comes from the cache, past its expiry, because the directory cannot be reached.</param>
public sealed record DirectoryLookup(bool Found, IReadOnlyList<DirectoryMailbox> Mailboxes, bool Stale);
