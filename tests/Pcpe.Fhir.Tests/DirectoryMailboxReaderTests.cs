using Hl7.Fhir.Model;
using Pcpe.Fhir.NationalDirectory;

namespace Pcpe.Fhir.Tests;

/// <summary>What the gateway takes for an MSSanté mailbox in an Annuaire Santé answer, and what it leaves.</summary>
public class DirectoryMailboxReaderTests
{
    private const string EmailType = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-contact-point-email-type";
    private const string Metadata = "https://interop.esante.gouv.fr/ig/fhir/annuaire/StructureDefinition/as-ext-mailbox-mss-metadata";

    private static ContactPoint Mailbox(string address, string? type, int? rank = null, bool redListed = false, bool marked = true)
    {
        var telecom = new ContactPoint(ContactPoint.ContactPointSystem.Email, null, address) { Rank = rank };
        if (marked)
        {
            telecom.Extension.Add(new Extension(EmailType, new Coding("https://mos.esante.gouv.fr/NOS/TRE_R256-TypeMessagerie/FHIR/TRE-R256-TypeMessagerie", "MSSANTE")));
        }

        if (type is not null)
        {
            var metadata = new Extension { Url = Metadata };
            metadata.Extension.Add(new Extension("type", new CodeableConcept("https://mos.esante.gouv.fr/NOS/TRE_R257-TypeBAL/FHIR/TRE-R257-TypeBAL", type)));
            metadata.Extension.Add(new Extension("listeRouge", new FhirBoolean(redListed)));
            telecom.Extension.Add(metadata);
        }

        return telecom;
    }

    [Fact]
    public void Mailboxes_are_the_MSSante_emails_preferred_first_without_red_listed_ones_nor_ordinary_contacts()
    {
        var organization = new Organization
        {
            Telecom =
            [
                new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0467000000") { Rank = 1 },
                new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "direction@chu.example"),
                Mailbox("secretariat@chu.mssante.fr", "ORG", rank: 2),
                Mailbox("admissions@chu.mssante.fr", "ORG", rank: 1),
                Mailbox("cache@chu.mssante.fr", "ORG", redListed: true),
                // Neither marked nor described, but at an MSSanté domain (the directory's answers vary).
                Mailbox("lps@chu.mssante.fr", null, marked: false),
            ],
        };
        var role = new PractitionerRole { Telecom = [Mailbox("dr.martin@chu.mssante.fr", "PER"), Mailbox("ADMISSIONS@chu.mssante.fr", "ORG")] };
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Entry = [new() { Resource = organization }, new() { Resource = role }] };

        var mailboxes = DirectoryMailboxReader.Read(bundle);

        Assert.Equal(
            ["admissions@chu.mssante.fr ORG", "secretariat@chu.mssante.fr ORG", "lps@chu.mssante.fr ", "dr.martin@chu.mssante.fr PER"],
            mailboxes.Select(m => $"{m.Address} {m.Type}"));
        Assert.True(DirectoryMailboxReader.FoundAnyone(bundle));
        Assert.False(DirectoryMailboxReader.FoundAnyone(new Bundle { Type = Bundle.BundleType.Searchset }));
    }
}
