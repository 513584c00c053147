namespace Pcpe.Fhir.Terminology;

/// <summary>Canonical URLs of the code systems and value sets the gateway binds to.</summary>
public static class CodeSystems
{
    public const string SerafinPh = "https://smt.esante.gouv.fr/terminologie-SERAFINPH";
    public const string PlanType = "https://smt.esante.gouv.fr/fhir/CodeSystem/tre-r390-type-projet-personnalise";
    public const string NeedsValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J285-Besoins_SERAFIN/FHIR/JDV-J285-Besoins-SERAFIN";
    public const string DirectServicesValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J284-PrestationsDirects_SERAFIN/FHIR/JDV-J284-PrestationsDirects-SERAFIN";
    public const string IndirectServicesValueSet = "https://mos.esante.gouv.fr/NOS/JDV_J283-PrestationsIndirects_SERAFIN/FHIR/JDV-J283-PrestationsIndirects-SERAFIN";
}
