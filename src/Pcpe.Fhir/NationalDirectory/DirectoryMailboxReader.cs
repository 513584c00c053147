using Hl7.Fhir.Model;

namespace Pcpe.Fhir.NationalDirectory;

/// <summary>
/// Reads the MSSanté mailboxes out of a search answer of the Annuaire Santé FHIR API (Practitioner with its
/// PractitionerRoles, or Organization): the <c>telecom</c> emails marked MSSANTE (fr-core email type), or carrying
/// the directory's mailbox metadata, or at an <c>*.mssante.fr</c> address; red-listed ones are left out.
/// </summary>
public static class DirectoryMailboxReader
{
    private const string EmailType = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";
    private const string Metadata = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";

    /// <summary>Every mailbox of the resources in the bundle, once each, the preferred (rank 1) first.</summary>
    public static IReadOnlyList<DirectoryMailbox> Read(Bundle searchset)
    {
        ArgumentNullException.ThrowIfNull(searchset);
        var telecoms = searchset.Entry.Select(e => e.Resource).SelectMany(r => r switch
        {
            Practitioner p when p.Active != false => p.Telecom,
            PractitionerRole role when role.Active != false => role.Telecom,
            Organization o when o.Active != false => o.Telecom,
            _ => [],
        });
        return telecoms
            .Where(t => t.System == ContactPoint.ContactPointSystem.Email && !string.IsNullOrWhiteSpace(t.Value) && IsMssante(t) && !RedListed(t))
            .Select(t => new DirectoryMailbox(t.Value!.Trim(), MailboxType(t), t.Rank))
            .OrderBy(m => m.Rank ?? int.MaxValue)
            .DistinctBy(m => m.Address.ToUpperInvariant())
            .ToList();
    }

    /// <summary>Whether the bundle names anyone at all (a search for an unknown identifier answers an empty searchset).</summary>
    public static bool FoundAnyone(Bundle searchset)
        => searchset?.Entry.Any(e => e.Resource is Practitioner or Organization) == true;

    // The directory marks MSSanté mailboxes with the fr-core email type; some answers carry only the metadata, or neither.
    private static bool IsMssante(ContactPoint telecom)
        => telecom.Extension.Any(e => e.Url == EmailType && e.Value is Coding { Code: "MSSANTE" })
           || telecom.Extension.Any(e => e.Url == Metadata)
           || telecom.Value!.Trim().EndsWith(".mssante.fr", StringComparison.OrdinalIgnoreCase);

    private static bool RedListed(ContactPoint telecom)
        => telecom.Extension.FirstOrDefault(e => e.Url == Metadata)?.Extension.FirstOrDefault(e => e.Url == "listeRouge")?.Value is FhirBoolean { Value: true };

    // Matched on the code only: the directory's answers name the type's code system in two ways.
    private static string? MailboxType(ContactPoint telecom)
        => (telecom.Extension.FirstOrDefault(e => e.Url == Metadata)?.Extension.FirstOrDefault(e => e.Url == "type")?.Value as CodeableConcept)
            ?.Coding.FirstOrDefault()?.Code;
}
