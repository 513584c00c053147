using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// A PCPE support plan → FHIR R4 transaction Bundle (TDDUI conventions): Patient, Organization,
/// RelatedPerson, Practitioner/PractitionerRole, CareTeam, CarePlan (projet personnalisé), Goal,
/// ServiceRequest per SERAFIN-PH need, Task per direct service, Basic (CDAPH), Consent (agreement,
/// sharing) and Provenance. Every entry is a conditional update on its business identifier, so
/// relaying the bundle twice changes nothing.
/// </summary>
public sealed class SupportPlanMapper(TerminologyIndex terminology)
{
    private readonly SharedPartsMapper _parts = new(terminology);

    public Bundle ToTransaction(SupportPlan plan, SubmissionContext? context = null)
    {
        var builder = new TransactionBuilder();
        var finess = plan.Structure.Finess;
        var localId = plan.Person.LocalId;
        var planIdentifier = BusinessIdentifiers.SupportPlan(finess, localId, plan.DocumentId);
        var planUrn = TransactionBuilder.UrnOf("CarePlan", planIdentifier);

        var patientUrn = PersonMapper.AddPatient(builder, plan.Person, plan.Structure);
        var structureUrn = PersonMapper.AddStructure(builder, finess, plan.Structure.Name);
        var careTeam = SharedPartsMapper.NewCareTeam(planIdentifier, patientUrn, structureUrn);

        foreach (var (party, index) in plan.RelatedParties.Select((p, i) => (p, i)))
        {
            var urn = PersonMapper.AddRelatedParty(builder, party, index, patientUrn, plan.Structure, localId);
            careTeam.Participant.Add(new CareTeam.ParticipantComponent { Member = new ResourceReference(urn), Role = [_parts.Coded(CodeSystems.RelatedPartyRole, party.Role)] });
        }

        if (plan.Coordinator is { } coordinator)
        {
            var roleUrn = ProfessionalMapper.AddRole(builder, coordinator.Professional, finess, structureUrn);
            var roles = new List<CodeableConcept> { _parts.Coded(CodeSystems.Concepts, "plan-coordinator") };
            if (coordinator.DesignatedByMdph)
            {
                roles.Add(_parts.Coded(CodeSystems.Concepts, "mdph-designated-coordinator"));
            }

            careTeam.Participant.Add(new CareTeam.ParticipantComponent { Member = new ResourceReference(roleUrn), Role = roles });
        }

        var carePlan = new CarePlan
        {
            Identifier = [planIdentifier],
            Extension = [SharedPartsMapper.VersionExtension(plan.Version)],
            Status = ToRequestStatus(plan.Status),
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [_parts.Coded(CodeSystems.PlanType, plan.Type)],
            Title = plan.Title,
            Subject = new ResourceReference(patientUrn),
            Period = FhirDates.ToPeriod(plan.Period),
            Author = new ResourceReference(structureUrn),
        };
        if (plan.ReviewDate is { } review)
        {
            carePlan.Extension.Add(new Extension(GatewayProfiles.ReviewDate, new Date(FhirDates.Format(review))));
        }

        if (plan.Cdaph is { } cdaph)
        {
            carePlan.SupportingInfo.Add(new ResourceReference(_parts.AddCdaph(builder, cdaph, patientUrn, plan.Structure, localId)));
        }

        if (plan.Agreement is { } agreement)
        {
            carePlan.SupportingInfo.Add(new ResourceReference(AddAgreement(builder, planIdentifier, "STRUCTURE", agreement.StructureDate, patientUrn, structureUrn)));
            if (agreement.PersonDate is { } personDate)
            {
                carePlan.SupportingInfo.Add(new ResourceReference(AddAgreement(builder, planIdentifier, "USAGER", personDate, patientUrn, patientUrn)));
            }
        }

        var needUrns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var need in plan.Needs)
        {
            needUrns[need.Code] = _parts.AddNeed(builder, planIdentifier, need, patientUrn, planUrn);
        }

        foreach (var goal in plan.Goals)
        {
            carePlan.Goal.Add(new ResourceReference(AddGoal(builder, planIdentifier, goal, patientUrn, needUrns)));
        }

        foreach (var (service, index) in plan.Services.Select((s, i) => (s, i)))
        {
            var (taskUrn, owner) = _parts.AddService(builder, planIdentifier, service, index, patientUrn, planUrn, structureUrn);
            carePlan.Activity.Add(new CarePlan.ActivityComponent { Reference = new ResourceReference(taskUrn) });
            if (service.Provider is { Kind: not "salaried" } provider && owner is not null)
            {
                careTeam.Participant.Add(new CareTeam.ParticipantComponent { Member = new ResourceReference(owner), Role = [_parts.Coded(CodeSystems.ProviderKind, provider.Kind)] });
            }
        }

        foreach (var support in plan.FamilySupport)
        {
            carePlan.Activity.Add(new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Code = _parts.Coded(CodeSystems.FamilySupportKind, support.Kind),
                    Status = CarePlan.CarePlanActivityStatus.Scheduled,
                    Description = support.Description,
                    Scheduled = support.Period is null ? null : FhirDates.ToPeriod(support.Period),
                },
            });
        }

        carePlan.CareTeam = [new ResourceReference(builder.Add(careTeam, careTeam.Identifier[0], GatewayProfiles.CareTeam))];
        builder.Add(carePlan, planIdentifier, GatewayProfiles.SupportPlan);
        return _parts.Complete(builder, plan, planIdentifier, patientUrn, structureUrn, context);
    }

    internal static RequestStatus ToRequestStatus(string status) => status switch
    {
        "draft" => RequestStatus.Draft,
        "on-hold" => RequestStatus.OnHold,
        "completed" => RequestStatus.Completed,
        _ => RequestStatus.Active,
    };

    private string AddAgreement(TransactionBuilder builder, Identifier plan, string who, DateOnly date, string patientUrn, string performerUrn)
    {
        var identifier = new Identifier(BusinessIdentifiers.ConsentSystem, $"{plan.Value}-ACCORD-{who}");
        var consent = new Consent
        {
            Identifier = [identifier],
            Status = Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "treatment"),
            Category = [_parts.Coded(CodeSystems.Concepts, "plan-agreement")],
            Patient = new ResourceReference(patientUrn),
            DateTime = FhirDates.Format(date),
            Performer = [new ResourceReference(performerUrn)],
            PolicyRule = _parts.Coded(CodeSystems.Concepts, "plan-agreement"),
        };
        return builder.Add(consent, identifier, GatewayProfiles.PlanAgreement);
    }

    private static string AddGoal(TransactionBuilder builder, Identifier plan, PlanGoal goal, string patientUrn, Dictionary<string, string> needUrns)
    {
        var identifier = BusinessIdentifiers.Part(plan, $"OBJ-{goal.Id}");
        var resource = new Goal
        {
            Identifier = [identifier],
            LifecycleStatus = Goal.GoalLifecycleStatus.Active,
            Description = new CodeableConcept { Text = goal.Description },
            Subject = new ResourceReference(patientUrn),
            Target = goal.TargetDate is { } due ? [new Goal.TargetComponent { Due = new Date(FhirDates.Format(due)) }] : [],
            Addresses = goal.Needs.Where(needUrns.ContainsKey).Select(code => new ResourceReference(needUrns[code])).ToList(),
            Note = goal.PersonView is null ? [] : [new Annotation { Author = new ResourceReference(patientUrn), Text = goal.PersonView }],
        };
        return builder.Add(resource, identifier, GatewayProfiles.Goal);
    }
}
