using System.Globalization;
using System.Text;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Documents;

/// <summary>
/// Builds the <see cref="ReadableDocument"/> of a PCPE document: its header facts and one section per
/// part (needs, goals, services, steps…), in French, with the displays of the national codes.
/// </summary>
public sealed class ReadableDocumentBuilder(TerminologyIndex terminology)
{
    public ReadableDocument Build(IPcpeDocument document) => document switch
    {
        SupportPlan plan => Header(plan, plan.Title, plan.Coordinator?.Professional, plan.Period, PlanSections(plan)) with
        {
            AuthenticatedOn = plan.Agreement?.StructureDate,
        },
        FunctionalAssessment assessment => Header(
            assessment,
            $"Évaluation fonctionnelle du {assessment.Date:dd/MM/yyyy}",
            assessment.Evaluators.FirstOrDefault(),
            new PlanPeriod { Start = assessment.Date, End = assessment.Date },
            AssessmentSections(assessment)),
        TransitionPlan transition => Header(transition, transition.Title, null, transition.Period, TransitionSections(transition)),
        _ => throw new ArgumentOutOfRangeException(nameof(document), "not a PCPE document"),
    };

    private static ReadableDocument Header(IPcpeDocument document, string title, Professional? author, PlanPeriod period, IEnumerable<ReadableSection> sections) => new()
    {
        Kind = document switch
        {
            SupportPlan => DocumentKinds.Plan,
            FunctionalAssessment => DocumentKinds.Assessment,
            _ => DocumentKinds.Transition,
        },
        Type = DocumentTypes.Of(document),
        Title = title,
        DocumentId = document.DocumentId,
        Version = document.Version,
        Structure = document.Structure,
        Person = document.Person,
        Author = author,
        ServicePeriod = period,
        Sections = sections.Where(s => s.Lines.Count > 0).ToList(),
    };

    private IEnumerable<ReadableSection> PlanSections(SupportPlan plan) =>
    [
        new(DocumentPart.Plan, "Projet", [
            $"{Display(CodeSystems.PlanType, plan.Type)} — {plan.Title}",
            $"Période : {Period(plan.Period)} ; statut : {Status(plan.Status)}",
            .. plan.ReviewDate is { } review ? [$"Révision prévue le {review:dd/MM/yyyy}"] : Array.Empty<string>(),
            .. plan.Coordinator is { } c ? [$"Coordination : {c.Professional.GivenName} {c.Professional.FamilyName}, {c.Professional.Profession}{(c.DesignatedByMdph ? " (désignée par la MDPH, PAG)" : string.Empty)}"] : Array.Empty<string>(),
            .. plan.Cdaph is { } cdaph ? [$"Notification CDAPH {Display(CodeSystems.CdaphNotificationKind, cdaph.Kind).ToLowerInvariant()} du {cdaph.DecisionDate:dd/MM/yyyy}"] : Array.Empty<string>(),
            .. plan.Agreement is { } agreement ? [Agreement(agreement)] : Array.Empty<string>(),
        ]),
        new(DocumentPart.RelatedParties, "Entourage", plan.RelatedParties.Select(p => $"{Display(CodeSystems.RelatedPartyRole, p.Role)} : {p.GivenName} {p.FamilyName}{(p.Relationship is null ? string.Empty : $" ({p.Relationship})")}").ToList()),
        new(DocumentPart.Needs, "Besoins", plan.Needs.Select(Need).ToList()),
        new(DocumentPart.Goals, "Objectifs", plan.Goals.Select(g => $"{g.Description}{(g.TargetDate is { } d ? $" — échéance {d:dd/MM/yyyy}" : string.Empty)}{(g.PersonView is null ? string.Empty : $" — parole de la personne : « {g.PersonView} »")}").ToList()),
        new(DocumentPart.Services, "Prestations directes", plan.Services.Select(Service).ToList()),
        new(DocumentPart.FamilySupport, "Soutien aux aidants", plan.FamilySupport.Select(f => $"{Display(CodeSystems.FamilySupportKind, f.Kind)}{(f.Description is null ? string.Empty : " : " + f.Description)}{(f.Period is null ? string.Empty : $" ({Period(f.Period)})")}").ToList()),
    ];

    private IEnumerable<ReadableSection> AssessmentSections(FunctionalAssessment assessment) =>
    [
        new(DocumentPart.Assessment, "Évaluation", [
            $"Date : {assessment.Date:dd/MM/yyyy}",
            $"Évaluateurs : {string.Join(", ", assessment.Evaluators.Select(e => $"{e.GivenName} {e.FamilyName} ({e.Profession})"))}",
            .. assessment.Method is { } method ? [$"Méthode : {method}"] : Array.Empty<string>(),
            .. assessment.Context?.Cdaph is { } cdaph ? [$"Notification CDAPH {Display(CodeSystems.CdaphNotificationKind, cdaph.Kind).ToLowerInvariant()} du {cdaph.DecisionDate:dd/MM/yyyy}"] : Array.Empty<string>(),
            .. assessment.Context is { UnderPag: true } ? ["La personne bénéficie d'un PAG"] : Array.Empty<string>(),
        ]),
        new(DocumentPart.Findings, "Observations par domaine", assessment.Findings.Select(f => $"{Display(CodeSystems.FunctionalDomain, f.Domain)}{(f.Environment is { } e ? $" — {Display(CodeSystems.LifeEnvironment, e)}" : string.Empty)} : {f.Observation}").ToList()),
        new(DocumentPart.ChallengingBehaviours, "Comportements-problèmes", assessment.ChallengingBehaviours.ToList()),
        new(DocumentPart.CaregiversKnowHow, "Savoir-faire des aidants", assessment.CaregiversKnowHow is { } k ? [k] : []),
        new(DocumentPart.AssessedNeeds, "Besoins identifiés", assessment.Needs.Select(n => $"{n.Code} {terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, n.Code)} — intensité {Display(CodeSystems.NeedIntensity, n.Intensity).ToLowerInvariant()}{(n.Analysis is null ? string.Empty : " : " + n.Analysis)}").ToList()),
        new(DocumentPart.Reports, "Rapports joints", assessment.Reports.Select(r => $"{r.Title}{(r.Date is { } d ? $" ({d:dd/MM/yyyy})" : string.Empty)}{(r.Url is null ? string.Empty : " — " + r.Url)}").ToList()),
    ];

    private IEnumerable<ReadableSection> TransitionSections(TransitionPlan transition) =>
    [
        new(DocumentPart.Journey, "Parcours", [
            $"De : {Place(transition.From)}",
            $"Vers : {Place(transition.To)}",
            $"Période : {Period(transition.Period)}{(transition.FollowUpUntil is { } f ? $" ; suivi par le PCPE jusqu'au {f:dd/MM/yyyy}" : string.Empty)}",
            $"Statut : {Status(transition.Status)}",
            .. transition.ReceivingCoordinator is { } c ? [$"Coordination à l'arrivée : {c.GivenName} {c.FamilyName}, {c.Profession}"] : Array.Empty<string>(),
        ]),
        new(DocumentPart.Steps, "Étapes", transition.Steps.Select(s => $"{(s.Date is { } d ? $"{d:dd/MM/yyyy} " : string.Empty)}{s.Description} ({StepStatus(s.Status)})").ToList()),
        new(DocumentPart.FacilitatingFactors, "Facteurs facilitants", transition.FacilitatingFactors.ToList()),
        new(DocumentPart.Obstacles, "Obstacles", transition.Obstacles.ToList()),
        new(DocumentPart.Handover, "Éléments transmis", [
            .. transition.Handover.Needs.Select(n => "Besoin : " + Need(n)),
            .. transition.Handover.CurrentServices.Select(s => "Prestation en cours : " + Service(s)),
            .. transition.Handover.Communication is { } com ? [$"Communication : {com}"] : Array.Empty<string>(),
            .. transition.Handover.HabitsAndPreferences is { } h ? [$"Habitudes et préférences : {h}"] : Array.Empty<string>(),
            .. transition.Handover.Risks is { } r ? [$"Risques : {r}"] : Array.Empty<string>(),
        ]),
    ];

    private static string Agreement(PlanAgreement agreement)
        => agreement.PersonDate is { } person
            ? $"Validé par la structure le {agreement.StructureDate:dd/MM/yyyy}, accepté par la personne le {person:dd/MM/yyyy}"
            : $"Validé par la structure le {agreement.StructureDate:dd/MM/yyyy}";

    private string Need(Need need)
        => $"{need.Code} {terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, need.Code)}{(need.Description is null ? string.Empty : " — " + need.Description)}";

    private string Service(DirectService service)
    {
        var text = new StringBuilder($"{service.Code} {terminology.DisplayInValueSet(CodeSystems.DirectServicesValueSet, service.Code)}");
        if (service.Description is { } description)
        {
            text.Append(" — ").Append(description);
        }

        if (service.Provider is { } provider)
        {
            text.Append(" ; par ").Append(provider.Name).Append(" (").Append(Display(CodeSystems.ProviderKind, provider.Kind).ToLowerInvariant()).Append(')');
        }

        if (service.Setting is { } setting)
        {
            text.Append(" ; lieu : ").Append(Display(CodeSystems.ServiceSetting, setting).ToLowerInvariant());
        }

        if (service.HoursPerWeek is { } hours)
        {
            text.Append(" ; ").Append(hours.ToString("0.##", CultureInfo.GetCultureInfo("fr-FR"))).Append(" h par semaine");
        }

        if (service.Frequency is { } frequency)
        {
            text.Append(" ; ").Append(frequency);
        }

        return text.ToString();
    }

    private string Place(TransitionPlace place)
        => $"{Display(CodeSystems.PlaceKind, place.Kind)}{(place.Name is null ? string.Empty : " — " + place.Name)}{(place.Finess is null ? string.Empty : $" (FINESS {place.Finess})")}";

    private static string Period(PlanPeriod period)
        => period.End is { } end ? $"du {period.Start:dd/MM/yyyy} au {end:dd/MM/yyyy}" : $"à partir du {period.Start:dd/MM/yyyy}";

    private static string Status(string status) => status switch
    {
        "draft" => "brouillon",
        "active" => "en cours",
        "on-hold" => "suspendu",
        "completed" => "terminé",
        _ => status,
    };

    private static string StepStatus(string status) => status switch
    {
        "planned" => "prévue",
        "in-progress" => "en cours",
        "done" => "réalisée",
        "cancelled" => "annulée",
        _ => status,
    };

    private string Display(string system, string code) => terminology.DisplayInCodeSystem(system, code) ?? code;
}
