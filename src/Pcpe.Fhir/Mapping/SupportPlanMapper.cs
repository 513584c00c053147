using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// A PCPE support plan → FHIR R4 transaction Bundle (TDDUI conventions): Patient, Organization,
/// CarePlan (projet personnalisé), one ServiceRequest per SERAFIN-PH need. Every entry is a
/// conditional update on its business identifier, so relaying the bundle twice changes nothing.
/// </summary>
public sealed class SupportPlanMapper(TerminologyIndex terminology)
{
    public Bundle ToTransaction(SupportPlan plan)
    {
        var finess = plan.Structure.Finess;
        var localId = plan.Person.LocalId;
        var planIdentifier = BusinessIdentifiers.SupportPlan(finess, localId, plan.DocumentId);
        var patientIdentifier = BusinessIdentifiers.LocalPerson(finess, localId);
        var patientUrn = StableUuid.Urn(patientIdentifier.System + "|" + patientIdentifier.Value);
        var organizationUrn = StableUuid.Urn(BusinessIdentifiers.Finess(finess).System + "|" + finess);
        var planUrn = StableUuid.Urn(planIdentifier.System + "|" + planIdentifier.Value);

        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        Add(bundle, patientUrn, PersonMapper.ToPatient(plan.Person, plan.Structure), patientIdentifier);

        var organization = new Organization
        {
            Identifier = [BusinessIdentifiers.Finess(finess)],
            Name = plan.Structure.Name,
        };
        Add(bundle, organizationUrn, organization, organization.Identifier[0]);

        var carePlan = new CarePlan
        {
            Identifier = [planIdentifier],
            Status = plan.Status switch
            {
                "draft" => RequestStatus.Draft,
                "on-hold" => RequestStatus.OnHold,
                "completed" => RequestStatus.Completed,
                _ => RequestStatus.Active,
            },
            Intent = CarePlan.CarePlanIntent.Plan,
            Category = [new CodeableConcept(CodeSystems.PlanType, plan.Type, terminology.DisplayInCodeSystem(CodeSystems.PlanType, plan.Type), null)],
            Title = plan.Title,
            Subject = new ResourceReference(patientUrn),
            Period = ToPeriod(plan.Period),
            Author = new ResourceReference(organizationUrn),
            Activity = plan.Services.Select(s => new CarePlan.ActivityComponent
            {
                Detail = new CarePlan.DetailComponent
                {
                    Code = Serafin(CodeSystems.DirectServicesValueSet, s.Code),
                    Status = CarePlan.CarePlanActivityStatus.Scheduled,
                    Description = s.Description,
                    Scheduled = s.Period is null ? null : ToPeriod(s.Period),
                },
            }).ToList(),
        };
        Add(bundle, planUrn, carePlan, planIdentifier);

        foreach (var (need, index) in plan.Needs.Select((n, i) => (n, i)))
        {
            var needIdentifier = new Identifier(planIdentifier.System, $"{planIdentifier.Value}-BESOIN-{need.Code}");
            var request = new ServiceRequest
            {
                Identifier = [needIdentifier],
                Status = RequestStatus.Active,
                Intent = RequestIntent.Plan,
                Category = [Serafin(CodeSystems.NeedsValueSet, need.Code)],
                Subject = new ResourceReference(patientUrn),
                BasedOn = [new ResourceReference(planUrn)],
                Note = need.Description is null ? [] : [new Annotation { Text = need.Description }],
            };
            Add(bundle, StableUuid.Urn($"{needIdentifier.System}|{needIdentifier.Value}|{index}"), request, needIdentifier);
        }

        return bundle;
    }

    private CodeableConcept Serafin(string valueSet, string code)
        => new(CodeSystems.SerafinPh, code, terminology.DisplayInValueSet(valueSet, code), null);

    private static Period ToPeriod(PlanPeriod period) => new()
    {
        Start = period.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        End = period.End?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void Add(Bundle bundle, string fullUrl, Resource resource, Identifier businessIdentifier)
    {
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.PUT,
                Url = BusinessIdentifiers.ConditionalUrl(resource.TypeName, businessIdentifier),
            },
        });
    }
}
