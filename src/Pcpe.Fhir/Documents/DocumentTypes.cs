using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Documents;

/// <summary>
/// The JDV_J07 (CI-SIS XdsTypeCode) code of each PCPE document. A transition names what the person
/// moves into: a social or medico-social structure gets the "lettre de liaison d'entrée" (88348-8); a
/// hospital gets the letter that goes with a person leaving a medico-social support (83981-1), the
/// ESMS counterpart of the hospital's discharge letter; home, school or elsewhere get the generic
/// medico-social document (28653-4).
/// </summary>
public static class DocumentTypes
{
    public static DocumentType PersonalisedPlan { get; } = new("80788-3", "Projet personnalisé d'accompagnement");

    public static DocumentType AssessmentReport { get; } = new("47420-5", "CR de bilan fonctionnel");

    public static DocumentType EntryIntoMedicoSocialStructure { get; } = new("88348-8", "Lettre de liaison d'entrée en structure sociale ou médico-sociale");

    public static DocumentType ExitFromMedicoSocialStructure { get; } = new("83981-1", "Lettre de liaison à la sortie d'une structure sociale ou médico-sociale");

    public static DocumentType MedicoSocialDocument { get; } = new("28653-4", "Document du secteur social / médico-social");

    public static DocumentType Of(IPcpeDocument document) => document switch
    {
        SupportPlan => PersonalisedPlan,
        FunctionalAssessment => AssessmentReport,
        TransitionPlan { To.Kind: "esms" } => EntryIntoMedicoSocialStructure,
        TransitionPlan { To.Kind: "hospital" } => ExitFromMedicoSocialStructure,
        TransitionPlan => MedicoSocialDocument,
        _ => throw new ArgumentOutOfRangeException(nameof(document), "not a PCPE document"),
    };
}
