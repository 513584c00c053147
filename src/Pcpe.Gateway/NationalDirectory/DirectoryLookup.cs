using Pcpe.Fhir.NationalDirectory;

namespace Pcpe.Gateway.NationalDirectory;

/// <summary>What the directory says of one professional or structure.</summary>
/// <param name="Found">The directory knows them.</param>
/// <param name="Mailboxes">Their MSSanté mailboxes, the preferred first.</param>
public sealed record DirectoryLookup(bool Found, IReadOnlyList<DirectoryMailbox> Mailboxes)
{
    public static DirectoryLookup Of(Hl7.Fhir.Model.Bundle answer)
        => new(DirectoryMailboxReader.FoundAnyone(answer), DirectoryMailboxReader.Read(answer));
}
