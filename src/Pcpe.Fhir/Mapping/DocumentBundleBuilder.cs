using System.Globalization;
using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// The document form of a PCPE document, for hospitals (sent over MSSanté): a FHIR document Bundle
/// whose Composition has one human-readable section per part (needs, goals, services, steps…) with
/// its entries, followed by the same resources as the transaction. Built from the transaction and the
/// model it came from, so both forms always say the same thing.
/// </summary>
public sealed class DocumentBundleBuilder(TerminologyIndex terminology)
{
    private sealed record Section(string Title, IReadOnlyList<string> Lines, IReadOnlyList<string> Entries);

    public Bundle Build(IPcpeDocument document, Bundle transaction, DateTimeOffset timestamp)
    {
        var index = new BundleIndex(transaction);
        var urns = new Dictionary<Resource, string>(ReferenceEqualityComparer.Instance);
        foreach (var entry in transaction.Entry.Where(e => e.Resource is not null and not Provenance && e.FullUrl is not null))
        {
            urns[entry.Resource!] = entry.FullUrl!;
        }

        List<string> Of<T>(Func<T, bool>? filter = null)
            where T : Resource
            => index.All<T>().Where(p => urns.ContainsKey(p.Resource) && (filter is null || filter(p.Resource))).Select(p => urns[p.Resource]).ToList();
        List<string> OfType(string type) => urns.Where(p => p.Key.TypeName == type).Select(p => p.Value).ToList();

        var (loinc, display, main) = document switch
        {
            SupportPlan => ("18776-5", "Plan of care note", Of<CarePlan>().Single()),
            FunctionalAssessment => ("51848-0", "Evaluation note", Of<Observation>(o => o.HasMember.Count > 0 || o.Meta?.Profile.Contains(GatewayProfiles.AssessmentPanel) == true).Single()),
            TransitionPlan => ("18761-7", "Transfer summary note", Of<CarePlan>().Single()),
            _ => throw new ArgumentOutOfRangeException(nameof(document)),
        };
        var sections = document switch
        {
            SupportPlan plan => PlanSections(plan, OfType, main),
            FunctionalAssessment assessment => AssessmentSections(assessment, OfType, main),
            TransitionPlan transition => TransitionSections(transition, OfType, main),
            _ => [],
        };

        var patientUrn = Of<Patient>().Single();
        var structureUrn = urns.First(p => p.Key is Organization o && o.Identifier.Any(i => i.Value == document.Structure.Finess)).Value;
        var identifier = new Identifier(BusinessIdentifiers.CompositionSystem, $"{((IIdentifiable<List<Identifier>>)index.Resolve<Resource>(new ResourceReference(main))!).Identifier[0].Value}-V{document.Version}");
        var composition = new Composition
        {
            Meta = new Meta { Profile = [GatewayProfiles.Composition] },
            Identifier = identifier,
            Status = CompositionStatus.Final,
            Type = new CodeableConcept(CodeSystems.Loinc, loinc, display, null),
            Subject = new ResourceReference(patientUrn),
            Date = timestamp.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            Author = [new ResourceReference(structureUrn)],
            Title = document switch
            {
                SupportPlan plan => plan.Title,
                TransitionPlan transition => transition.Title,
                FunctionalAssessment assessment => $"Évaluation fonctionnelle du {assessment.Date:dd/MM/yyyy}",
                _ => string.Empty,
            },
            Custodian = new ResourceReference(structureUrn),
            Section = sections.Where(s => s.Lines.Count > 0).Select(s => new Composition.SectionComponent
            {
                Title = s.Title,
                Text = Narrative(s.Lines),
                Entry = s.Entries.Select(e => new ResourceReference(e)).ToList(),
            }).ToList(),
        };
        composition.Section.Insert(0, new Composition.SectionComponent
        {
            Title = "Personne accompagnée",
            Text = Narrative([
                $"{document.Person.FamilyName} {string.Join(' ', document.Person.GivenNames)}, né(e) le {document.Person.BirthDate:dd/MM/yyyy}",
                $"Structure : {document.Structure.Name} (FINESS {document.Structure.Finess})",
            ]),
            Entry = [new ResourceReference(patientUrn)],
        });

        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Document,
            Identifier = identifier,
            Timestamp = timestamp,
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = StableUuid.Urn($"Composition|{identifier.System}|{identifier.Value}"), Resource = composition });
        bundle.Entry.AddRange(transaction.Entry.Select(e => new Bundle.EntryComponent { FullUrl = e.FullUrl, Resource = e.Resource }));
        return bundle;
    }

    private List<Section> PlanSections(SupportPlan plan, Func<string, List<string>> of, string main) =>
    [
        new("Projet", [
            $"{Display(CodeSystems.PlanType, plan.Type)} — {plan.Title}",
            $"Période : {Period(plan.Period)} ; statut : {plan.Status}",
            .. plan.ReviewDate is { } review ? [$"Révision prévue le {review:dd/MM/yyyy}"] : Array.Empty<string>(),
            .. plan.Coordinator is { } c ? [$"Coordination : {c.Professional.GivenName} {c.Professional.FamilyName}, {c.Professional.Profession}{(c.DesignatedByMdph ? " (désignée par la MDPH, PAG)" : string.Empty)}"] : Array.Empty<string>(),
            .. plan.Cdaph is { } cdaph ? [$"Notification CDAPH {Display(CodeSystems.CdaphNotificationKind, cdaph.Kind).ToLowerInvariant()} du {cdaph.DecisionDate:dd/MM/yyyy}"] : Array.Empty<string>(),
        ], [main, .. of("Basic"), .. of("CareTeam")]),
        new("Entourage", plan.RelatedParties.Select(p => $"{Display(CodeSystems.RelatedPartyRole, p.Role)} : {p.GivenName} {p.FamilyName}{(p.Relationship is null ? string.Empty : $" ({p.Relationship})")}").ToList(), of("RelatedPerson")),
        new("Besoins", plan.Needs.Select(n => Need(n)).ToList(), of("ServiceRequest")),
        new("Objectifs", plan.Goals.Select(g => $"{g.Description}{(g.TargetDate is { } d ? $" — échéance {d:dd/MM/yyyy}" : string.Empty)}{(g.PersonView is null ? string.Empty : $" — parole de la personne : « {g.PersonView} »")}").ToList(), of("Goal")),
        new("Prestations directes", plan.Services.Select(Service).ToList(), of("Task")),
        new("Soutien aux aidants", plan.FamilySupport.Select(f => $"{Display(CodeSystems.FamilySupportKind, f.Kind)}{(f.Description is null ? string.Empty : " : " + f.Description)}{(f.Period is null ? string.Empty : $" ({Period(f.Period)})")}").ToList(), [main]),
    ];

    private List<Section> AssessmentSections(FunctionalAssessment assessment, Func<string, List<string>> of, string main) =>
    [
        new("Évaluation", [
            $"Date : {assessment.Date:dd/MM/yyyy}",
            $"Évaluateurs : {string.Join(", ", assessment.Evaluators.Select(e => $"{e.GivenName} {e.FamilyName} ({e.Profession})"))}",
            .. assessment.Method is { } method ? [$"Méthode : {method}"] : Array.Empty<string>(),
            .. assessment.Context is { UnderPag: true } ? ["La personne bénéficie d'un PAG"] : Array.Empty<string>(),
        ], [main, .. of("PractitionerRole"), .. of("Basic")]),
        new("Observations par domaine", assessment.Findings.Select(f => $"{Display(CodeSystems.FunctionalDomain, f.Domain)}{(f.Environment is { } e ? $" — {Display(CodeSystems.LifeEnvironment, e)}" : string.Empty)} : {f.Observation}").ToList(), [main]),
        new("Comportements-problèmes", assessment.ChallengingBehaviours.ToList(), [main]),
        new("Savoir-faire des aidants", assessment.CaregiversKnowHow is { } k ? [k] : [], [main]),
        new("Besoins identifiés", assessment.Needs.Select(n => $"{n.Code} {terminology.DisplayInValueSet(CodeSystems.NeedsValueSet, n.Code)} — intensité {Display(CodeSystems.NeedIntensity, n.Intensity).ToLowerInvariant()}{(n.Analysis is null ? string.Empty : " : " + n.Analysis)}").ToList(), [main]),
        new("Rapports joints", assessment.Reports.Select(r => $"{r.Title}{(r.Date is { } d ? $" ({d:dd/MM/yyyy})" : string.Empty)}{(r.Url is null ? string.Empty : " — " + r.Url)}").ToList(), of("DocumentReference")),
    ];

    private List<Section> TransitionSections(TransitionPlan transition, Func<string, List<string>> of, string main) =>
    [
        new("Parcours", [
            $"De : {Place(transition.From)}",
            $"Vers : {Place(transition.To)}",
            $"Période : {Period(transition.Period)}{(transition.FollowUpUntil is { } f ? $" ; suivi par le PCPE jusqu'au {f:dd/MM/yyyy}" : string.Empty)}",
            .. transition.ReceivingCoordinator is { } c ? [$"Coordination à l'arrivée : {c.GivenName} {c.FamilyName}, {c.Profession}"] : Array.Empty<string>(),
        ], [main, .. of("CareTeam")]),
        new("Étapes", transition.Steps.Select(s => $"{(s.Date is { } d ? $"{d:dd/MM/yyyy} " : string.Empty)}{s.Description} ({s.Status})").ToList(), [main]),
        new("Facteurs facilitants", transition.FacilitatingFactors.ToList(), [main]),
        new("Obstacles", transition.Obstacles.ToList(), [main]),
        new("Éléments transmis", [
            .. transition.Handover.Needs.Select(n => "Besoin : " + Need(n)),
            .. transition.Handover.CurrentServices.Select(s => "Prestation en cours : " + Service(s)),
            .. transition.Handover.Communication is { } com ? [$"Communication : {com}"] : Array.Empty<string>(),
            .. transition.Handover.HabitsAndPreferences is { } h ? [$"Habitudes et préférences : {h}"] : Array.Empty<string>(),
            .. transition.Handover.Risks is { } r ? [$"Risques : {r}"] : Array.Empty<string>(),
        ], [main, .. of("ServiceRequest"), .. of("Task")]),
    ];

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
            text.Append(CultureInfo.InvariantCulture, $" ; {hours} h/semaine");
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

    private string Display(string system, string code) => terminology.DisplayInCodeSystem(system, code) ?? code;

    private static Narrative Narrative(IEnumerable<string> lines) => new()
    {
        Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated,
        Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>" + string.Concat(lines.Select(l => "<li>" + WebUtility.HtmlEncode(l) + "</li>")) + "</ul></div>",
    };
}
