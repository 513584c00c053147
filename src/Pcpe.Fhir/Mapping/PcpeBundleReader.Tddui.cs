// The conventions of the ANS TDDUI guide (v2) that the reader of pushed Bundles follows besides the gateway's own.
using Hl7.Fhir.Model;
using Pcpe.Fhir.Input;

namespace Pcpe.Fhir.Mapping;

public static partial class PcpeBundleReader
{
    private static bool Claims(Resource resource, string profile) => resource.Meta?.Profile.Contains(profile) == true;

    private static string Discriminated(Annotation note)
        => note.Extension.Where(e => e.Url == TdduiProfiles.Discriminator).Select(e => (e.Value as CodeableConcept)?.Coding.FirstOrDefault()?.Code).FirstOrDefault() ?? "tddui-discriminator";

    // The gateway's goal identifiers end in -OBJ-{id}, TDDUI's (identifiant-medicosocial-objectif) in -OBJE-{id}.
    private static string GoalId(Goal goal, string? planValue) => goal.Identifier.FirstOrDefault()?.Value switch
    {
        { } value when planValue is not null && value.StartsWith(planValue + "-OBJ-", StringComparison.Ordinal) => value[(planValue.Length + 5)..],
        { } value when value.LastIndexOf("-OBJE-", StringComparison.Ordinal) is var k and >= 0 => value[(k + 6)..],
        _ => goal.Id ?? string.Empty,
    };

    // A TDDUI agreement: a Consent the plan points at with the discriminator accordStructure or accordUsager.
    private static Consent? TdduiAgreement(BundleIndex index, CarePlan carePlan, string discriminator)
        => carePlan.SupportingInfo
            .Where(r => r.Extension.Any(e => e.Url == TdduiProfiles.Discriminator && IsCoded(e.Value as CodeableConcept, TdduiProfiles.DiscriminatorSystem, discriminator)))
            .Select(index.Find<Consent>).OfType<Consent>().FirstOrDefault();

    // What the sender said that no part of the document was read from is named, never dropped unseen.
    private static void NameUnread(BundleIndex index, List<InputIssue> warnings)
    {
        foreach (var (resource, at) in index.Unread().Where(u => u.Resource is not Provenance))
        {
            var what = resource switch
            {
                _ when Claims(resource, TdduiProfiles.TaskAction) => "a TDDUI action Task: the PCPE model has direct services (SERAFIN-PH) but no actions",
                _ when Claims(resource, TdduiProfiles.TaskMeans) => "a TDDUI moyen-ressource Task: the PCPE model has direct services (SERAFIN-PH) but no means",
                _ when Claims(resource, TdduiProfiles.GoalExpectation) => "a TDDUI expectation (attente) Goal: the PCPE model keeps goals and the person's view of each",
                _ when Claims(resource, TdduiProfiles.NeedRequest) => "a need without a SERAFIN-PH need code (JDV_J285): the PCPE model codes every need",
                QuestionnaireResponse => "an evaluation (QuestionnaireResponse): the PCPE model has no place for it",
                _ => $"this {resource.TypeName}: nothing of the document is read from it",
            };
            warnings.Add(new(BundleIndex.Location(at), what + "; it is not relayed", InputIssueKind.Invalid));
        }
    }
}
