namespace Pcpe.Fhir.Terminology;

/// <summary>Canonical URLs of the code systems and value sets the gateway binds to (profiles/terminology).</summary>
public static class CodeSystems
{
    /// <summary>Canonical base of the gateway's own conformance resources.</summary>
    public const string GatewayBase = "https://pcpe-gateway.example/fhir";

    public const string SerafinPh = "https://smt.esante.gouv.fr/terminologie-SERAFINPH";
    public const string PlanType = "https://smt.esante.gouv.fr/fhir/CodeSystem/tre-r390-type-projet-personnalise";
    public const string NeedsValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J285-Besoins_SERAFIN/FHIR/JDV-J285-Besoins-SERAFIN";
    public const string DirectServicesValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J284-PrestationsDirects_SERAFIN/FHIR/JDV-J284-PrestationsDirects-SERAFIN";
    public const string IndirectServicesValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J283-PrestationsIndirects_SERAFIN/FHIR/JDV-J283-PrestationsIndirects-SERAFIN";

    public const string Concepts = GatewayBase + "/CodeSystem/pcpe-concepts";
    public const string FunctionalDomain = GatewayBase + "/CodeSystem/pcpe-functional-domain";
    public const string LifeEnvironment = GatewayBase + "/CodeSystem/pcpe-life-environment";
    public const string NeedIntensity = GatewayBase + "/CodeSystem/pcpe-need-intensity";
    public const string ServiceSetting = GatewayBase + "/CodeSystem/pcpe-service-setting";
    public const string ProviderKind = GatewayBase + "/CodeSystem/pcpe-provider-kind";
    public const string FamilySupportKind = GatewayBase + "/CodeSystem/pcpe-family-support";
    public const string RelatedPartyRole = GatewayBase + "/CodeSystem/pcpe-related-party-role";
    public const string CdaphNotificationKind = GatewayBase + "/CodeSystem/pcpe-cdaph-notification-kind";
    public const string PlaceKind = GatewayBase + "/CodeSystem/pcpe-place-kind";
    public const string RecipientCategory = GatewayBase + "/CodeSystem/pcpe-recipient-category";
    public const string DataClass = GatewayBase + "/CodeSystem/pcpe-data-class";

    public const string ConsentScope = "http://terminology.hl7.org/CodeSystem/consentscope";
    public const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public const string Confidentiality = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

    /// <summary>The DMP's visibility codes (MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX), as JDV_J08 lists them.</summary>
    public const string DmpVisibility = "urn:oid:1.2.250.1.213.1.1.4.13";

    public const string Loinc = "http://loinc.org";
}
