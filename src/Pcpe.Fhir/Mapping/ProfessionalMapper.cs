using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>A professional → Practitioner (RPPS, idNatPs for ADELI, or the structure's internal id) and PractitionerRole.</summary>
internal static class ProfessionalMapper
{
    public static List<Identifier> Identifiers(Professional professional, string finess)
    {
        var identifiers = new List<Identifier>();
        if (professional.Rpps is { } rpps)
        {
            identifiers.Add(new Identifier(FrenchIdentifierSystems.Rpps, rpps));
        }

        if (professional.Adeli is { } adeli)
        {
            identifiers.Add(new Identifier(BusinessIdentifiers.IdNatPs, "0" + adeli));
        }

        if (professional.InternalId is { } internalId)
        {
            identifiers.Add(new Identifier(BusinessIdentifiers.ProfessionalSystem, $"3{finess}/{internalId}"));
        }

        return identifiers;
    }

    /// <summary>
    /// The role's identifier value: the structure, then the professional's first identifier by kind
    /// (<c>340000017/rpps/10001234565</c>). Letters, digits, '/', '.', '_' and '-' only: none of the characters
    /// FHIR search gives a meaning to (<c>| , $ \</c>), which a receiver's conditional update would misread.
    /// </summary>
    public static string RoleIdentifierValue(Professional professional, string finess)
        => professional.Rpps is { } rpps ? $"{finess}/rpps/{rpps}"
            : professional.Adeli is { } adeli ? $"{finess}/adeli/{adeli}"
            : $"{finess}/internal/{professional.InternalId}";

    /// <summary>Adds Practitioner and PractitionerRole; returns the role's fullUrl.</summary>
    public static string AddRole(TransactionBuilder builder, Professional professional, string finess, string organizationUrn)
    {
        var identifiers = Identifiers(professional, finess);
        var practitioner = new Practitioner
        {
            Identifier = identifiers,
            Name = [new HumanName { Family = professional.FamilyName, Given = [professional.GivenName] }],
        };
        var practitionerUrn = builder.Add(practitioner, identifiers[0], GatewayProfiles.Practitioner);

        var roleIdentifier = new Identifier(BusinessIdentifiers.PractitionerRoleSystem, RoleIdentifierValue(professional, finess));
        var role = new PractitionerRole
        {
            Identifier = [roleIdentifier],
            Practitioner = new ResourceReference(practitionerUrn),
            Organization = new ResourceReference(organizationUrn),
            Code = [new CodeableConcept { Text = professional.Profession }],
        };

        return builder.Add(role, roleIdentifier, GatewayProfiles.PractitionerRole);
    }
}
