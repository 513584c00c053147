using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Mapping;

/// <summary>PCPE person → FR Core Patient (INS when qualified, TDDUI local identifier always).</summary>
internal static class PersonMapper
{
    public static Patient ToPatient(PersonIdentity person, Structure structure)
    {
        var patient = new Patient
        {
            Identifier = [BusinessIdentifiers.LocalPerson(structure.Finess, person.LocalId)],
            Name =
            [
                new HumanName
                {
                    Use = HumanName.NameUse.Official,
                    Family = person.FamilyName,
                    Given = person.GivenNames,
                },
            ],
            BirthDate = person.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Gender = person.Sex switch
            {
                "female" => AdministrativeGender.Female,
                "male" => AdministrativeGender.Male,
                "other" => AdministrativeGender.Other,
                _ => AdministrativeGender.Unknown,
            },
        };

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
                Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status", ins.IdentityStatus))],
            });
        }

        return patient;
    }
}
