namespace Pcpe.Fhir.Identity;

/// <summary>Identifier systems of French FHIR (FR Core, ANS TDDUI) the gateway reads and writes.</summary>
public static class FrenchIdentifierSystems
{
    public const string InsNir = "urn:oid:1.2.250.1.213.1.4.8";
    public const string InsNia = "urn:oid:1.2.250.1.213.1.4.9";
    public const string InsNirTest = "urn:oid:1.2.250.1.213.1.4.10";
    public const string InsNirDemo = "urn:oid:1.2.250.1.213.1.4.11";
    public const string Rpps = "https://rpps.esante.gouv.fr";
    public const string Finess = "https://finess.esante.gouv.fr";
    public const string LocalUsager = "https://identifiant-medicosocial-localusager.esante.gouv.fr";
    public const string ProjetPersonnalise = "https://identifiant-medicosocial-projetpersonnalise.esante.gouv.fr";
    public const string IdentifierType = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    public const string IdentityReliabilityExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability";

    /// <summary>The person's birth place (HL7 core extension, as FR Core and TDDUI use it).</summary>
    public const string BirthPlaceExtension = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    /// <summary>The INSEE (COG) code of an address (FR Core).</summary>
    public const string InseeCodeExtension = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code";

    /// <summary>INSEE codes of communes (NOS TRE_R13), the code system of a birth place.</summary>
    public const string InseeCommunes = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM";
}
