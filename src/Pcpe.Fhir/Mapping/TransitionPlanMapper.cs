using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// A PCPE transition plan → FHIR R4 transaction Bundle: a CarePlan of the gateway's transition
/// profile (category transition-plan; origin and destination; basedOn the projet personnalisé it
/// continues; steps as activities; handover elements), ServiceRequest per need handed over, Task per
/// current service, a CareTeam with both coordinators.
/// </summary>
public sealed class TransitionPlanMapper(TerminologyIndex terminology)
{
    private readonly SharedPartsMapper _parts = new(terminology);

    public Bundle ToTransaction(TransitionPlan transition, SubmissionContext? context = null)
    {
        var builder = new TransactionBuilder();
        var finess = transition.Structure.Finess;
        var localId = transition.Person.LocalId;
        var identifier = BusinessIdentifiers.TransitionPlan(finess, localId, transition.DocumentId);
        var carePlanUrn = TransactionBuilder.UrnOf("CarePlan", identifier);

        var patientUrn = PersonMapper.AddPatient(builder, transition.Person, transition.Structure);
        var structureUrn = PersonMapper.AddStructure(builder, finess, transition.Structure.Name);
        var careTeam = SharedPartsMapper.NewCareTeam(identifier, patientUrn, structureUrn);

        var carePlan = new CarePlan
        {
            Identifier = [identifier],
            Extension = [SharedPartsMapper.VersionExtension(transition.Version)],
            Status = SupportPlanMapper.ToRequestStatus(transition.Status),
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [_parts.Coded(CodeSystems.Concepts, "transition-plan")],
            Title = transition.Title,
            Subject = new ResourceReference(patientUrn),
            Period = FhirDates.ToPeriod(transition.Period),
            Author = new ResourceReference(structureUrn),
        };

        AddPlace(builder, carePlan, transition.From, GatewayProfiles.OriginKind, GatewayProfiles.OriginPlace, careTeam);
        AddPlace(builder, carePlan, transition.To, GatewayProfiles.DestinationKind, GatewayProfiles.DestinationPlace, careTeam);
        carePlan.Extension.AddRange(transition.FacilitatingFactors.Select(f => new Extension(GatewayProfiles.FacilitatingFactor, new FhirString(f))));
        carePlan.Extension.AddRange(transition.Obstacles.Select(o => new Extension(GatewayProfiles.Obstacle, new FhirString(o))));
        AddText(carePlan, GatewayProfiles.HandoverCommunication, transition.Handover.Communication);
        AddText(carePlan, GatewayProfiles.HandoverHabits, transition.Handover.HabitsAndPreferences);
        AddText(carePlan, GatewayProfiles.HandoverRisks, transition.Handover.Risks);
        if (transition.FollowUpUntil is { } until)
        {
            carePlan.Extension.Add(new Extension(GatewayProfiles.FollowUpUntil, new Date(FhirDates.Format(until))));
        }

        if (transition.SupportPlan is { } plan)
        {
            // The plan may live only at the receiver: reference it by its TDDUI identifier.
            carePlan.BasedOn.Add(new ResourceReference
            {
                Type = "CarePlan",
                Identifier = BusinessIdentifiers.SupportPlan(finess, localId, plan.DocumentId),
                Extension = [new Extension(GatewayProfiles.BasedOnPeriod, FhirDates.ToPeriod(plan.Period))],
            });
        }

        if (transition.ReceivingCoordinator is { } coordinator)
        {
            // The receiving coordinator works for the destination when it has a FINESS.
            var employerUrn = transition.To.Finess is { } destination
                ? TransactionBuilder.UrnOf("Organization", BusinessIdentifiers.Finess(destination))
                : structureUrn;
            var employerFiness = transition.To.Finess ?? finess;
            var roleUrn = ProfessionalMapper.AddRole(builder, coordinator, employerFiness, employerUrn);
            careTeam.Participant.Add(new CareTeam.ParticipantComponent { Member = new ResourceReference(roleUrn), Role = [_parts.Coded(CodeSystems.Concepts, "plan-coordinator")] });
        }

        foreach (var step in transition.Steps)
        {
            carePlan.Activity.Add(new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Code = _parts.Coded(CodeSystems.Concepts, "transition-step"),
                    Status = step.Status switch
                    {
                        "in-progress" => CarePlan.CarePlanActivityStatus.InProgress,
                        "done" => CarePlan.CarePlanActivityStatus.Completed,
                        "cancelled" => CarePlan.CarePlanActivityStatus.Cancelled,
                        _ => CarePlan.CarePlanActivityStatus.Scheduled,
                    },
                    Description = step.Description,
                    Scheduled = step.Date is { } date ? new Period { Start = FhirDates.Format(date), End = FhirDates.Format(date) } : null,
                },
            });
        }

        foreach (var need in transition.Handover.Needs)
        {
            _parts.AddNeed(builder, identifier, need, patientUrn, carePlanUrn);
        }

        foreach (var (service, index) in transition.Handover.CurrentServices.Select((s, i) => (s, i)))
        {
            carePlan.Activity.Add(new CarePlan.ActivityComponent { Reference = new ResourceReference(_parts.AddService(builder, identifier, service, index, patientUrn, carePlanUrn, structureUrn).Task) });
        }

        carePlan.CareTeam = [new ResourceReference(builder.Add(careTeam, careTeam.Identifier[0], GatewayProfiles.CareTeam))];
        builder.Add(carePlan, identifier, GatewayProfiles.TransitionPlan);
        return _parts.Complete(builder, transition, identifier, patientUrn, structureUrn, context);
    }

    private void AddPlace(TransactionBuilder builder, CarePlan carePlan, TransitionPlace place, string kindUrl, string placeUrl, CareTeam careTeam)
    {
        carePlan.Extension.Add(new Extension(kindUrl, _parts.Coded(CodeSystems.PlaceKind, place.Kind)));
        if (place.Finess is { } finess)
        {
            var urn = PersonMapper.AddStructure(builder, finess, place.Name ?? finess, place.MssAddress);
            carePlan.Extension.Add(new Extension(placeUrl, new ResourceReference(urn) { Display = place.Name }));
            careTeam.Participant.Add(new CareTeam.ParticipantComponent { Member = new ResourceReference(urn) });
        }
        else if (place.Name is { } name)
        {
            carePlan.Extension.Add(new Extension(placeUrl, new ResourceReference { Display = name }));
        }
    }

    private static void AddText(CarePlan carePlan, string url, string? text)
    {
        if (text is not null)
        {
            carePlan.Extension.Add(new Extension(url, new FhirString(text)));
        }
    }
}
