using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>The person and those close to them: FR Core Patient (INS when qualified, TDDUI local identifier always), RelatedPerson.</summary>
internal static class PersonMapper
{
    public const string IdentityStatusSystem = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status";

    public static string AddPatient(TransactionBuilder builder, PersonIdentity person, Structure structure)
    {
        var local = BusinessIdentifiers.LocalPerson(structure.Finess, person.LocalId);
        return builder.Add(ToPatient(person, local), local, GatewayProfiles.Patient);
    }

    private static Patient ToPatient(PersonIdentity person, Identifier local)
    {
        var patient = new Patient
        {
            Identifier = [local],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = person.FamilyName, Given = person.GivenNames }],
            BirthDate = FhirDates.Format(person.BirthDate),
            Gender = person.Sex switch
            {
                "female" => AdministrativeGender.Female,
                "male" => AdministrativeGender.Male,
                "other" => AdministrativeGender.Other,
                "unknown" => AdministrativeGender.Unknown,
                _ => null,
            },
        };

        if (person.BirthPlaceCode is { } birthPlace)
        {
            patient.Extension.Add(new Extension(FrenchIdentifierSystems.BirthPlaceExtension, new Address
            {
                Extension = [new Extension(FrenchIdentifierSystems.InseeCodeExtension, new Coding(FrenchIdentifierSystems.InseeCommunes, birthPlace))],
            }));
        }

        if (person.Ins is { } ins && InsNumber.KindOfOid(ins.Oid) is { } kind)
        {
            // Only a qualified identity may carry the INS as the exchanged identifier (FR Core).
            if (ins.IdentityStatus == "QUAL")
            {
                patient.Identifier.Insert(0, new Identifier(InsNumber.SystemOf(kind), ins.Number.Replace(" ", string.Empty, StringComparison.Ordinal))
                {
                    Use = kind == InsKind.Nia ? Identifier.IdentifierUse.Temp : Identifier.IdentifierUse.Official,
                    Type = new CodeableConcept(FrenchIdentifierSystems.IdentifierType, kind == InsKind.Nia ? "INS-NIA" : "INS-NIR"),
                });
            }

            patient.Extension.Add(new Extension
            {
                Url = FrenchIdentifierSystems.IdentityReliabilityExtension,
                Extension = [new Extension("identityStatus", new Coding(IdentityStatusSystem, ins.IdentityStatus))],
            });
        }

        return patient;
    }

    public static string AddRelatedParty(TransactionBuilder builder, RelatedParty party, int index, string patientUrn, Structure structure, string localId)
    {
        var identifier = new Identifier(BusinessIdentifiers.RelatedPersonSystem, $"3{structure.Finess}/{localId}-{party.Role}-{index}");
        var related = new RelatedPerson
        {
            Identifier = [identifier],
            Patient = new ResourceReference(patientUrn),
            Relationship = [new CodeableConcept(CodeSystems.RelatedPartyRole, party.Role) { Text = party.Relationship }],
            Name = [new HumanName { Family = party.FamilyName, Given = [party.GivenName] }],
            Telecom = party.Phone is null ? [] : [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, party.Phone)],
        };
        return builder.Add(related, identifier, GatewayProfiles.RelatedPerson);
    }

    /// <summary>The fullUrl of the structure's Organization in a document's transaction.</summary>
    public static string StructureUrn(string finess) => TransactionBuilder.UrnOf("Organization", BusinessIdentifiers.Finess(finess));

    public static string AddStructure(TransactionBuilder builder, string finess, string name, string? mssAddress = null)
    {
        var identifier = BusinessIdentifiers.Finess(finess);
        var organization = new Organization
        {
            Identifier = [identifier],
            Name = name,
            Telecom = mssAddress is null ? [] : [new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, mssAddress)],
        };
        return builder.Add(organization, identifier, GatewayProfiles.Organization);
    }
}
