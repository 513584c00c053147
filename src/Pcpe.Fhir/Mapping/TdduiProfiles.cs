namespace Pcpe.Fhir.Mapping;

/// <summary>What the ANS TDDUI guide (v2) names that the reader of pushed Bundles recognises.</summary>
internal static class TdduiProfiles
{
    private const string Base = "https://interop.esante.gouv.fr/ig/fhir/tddui/StructureDefinition/";

    public const string CarePlanReference = Base + "tddui-careplan-reference";
    public const string Discriminator = Base + "tddui-discriminator";
    public const string DiscriminatorSystem = "https://interop.esante.gouv.fr/ig/fhir/tddui/CodeSystem/tddui-discriminator";
    public const string BirthOrder = Base + "tddui-birth-order";
    public const string GoalExpectation = Base + "tddui-goal-attente";
    public const string TaskAction = Base + "tddui-task-action";
    public const string TaskMeans = Base + "tddui-task-moyen-ressource";
    public const string NeedRequest = Base + "tddui-service-request-besoin";
}
