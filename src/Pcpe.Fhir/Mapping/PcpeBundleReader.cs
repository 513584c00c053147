using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Mapping;

/// <summary>
/// FHIR → PCPE: reads a Bundle (transaction, document or collection; the gateway's own or a TDDUI-style
/// one pushed by a DUI or received by mail) back into the PCPE model. Problems are reported with the
/// FHIRPath location of the element at fault; the caller then runs the same business checks as for a
/// PCPE JSON push.
/// </summary>
public static partial class PcpeBundleReader
{
    /// <summary>Which PCPE document a bundle carries, from its main resource; null when none is recognised.</summary>
    public static string? KindOf(Bundle bundle)
    {
        foreach (var resource in bundle.Entry.Select(e => e.Resource))
        {
            switch (resource)
            {
                case CarePlan plan when plan.Identifier.Any(i => i.System == FrenchIdentifierSystems.ProjetPersonnalise):
                    return DocumentKinds.Plan;
                case CarePlan plan when plan.Identifier.Any(i => i.System == BusinessIdentifiers.TransitionSystem):
                    return DocumentKinds.Transition;
                case Observation observation when observation.Identifier.Any(i => i.System == BusinessIdentifiers.AssessmentSystem) && IsCoded(observation.Code, CodeSystems.Concepts, "functional-assessment"):
                    return DocumentKinds.Assessment;
            }
        }

        return null;
    }

    /// <summary>
    /// The PCPE document a bundle carries, read back; null, with the reason in <paramref name="issues"/>, when
    /// none is. <paramref name="locations"/>, when given, records where each part of it was read from.
    /// </summary>
    public static IPcpeDocument? Read(Bundle bundle, List<InputIssue> issues, BundleLocations? locations = null)
        => ReadPartly(bundle, issues, locations, []) is { } document && issues.Count == 0 ? document : null;

    /// <summary>
    /// As <see cref="Read"/>, but the document is returned as far as it could be read even when
    /// <paramref name="issues"/> has problems (so that its business checks can list theirs too); null when
    /// nothing could be. <paramref name="warnings"/> gets what the reader assumed and what it did not read.
    /// </summary>
    public static IPcpeDocument? ReadPartly(Bundle bundle, List<InputIssue> issues, BundleLocations? locations, List<InputIssue> warnings)
    {
        IPcpeDocument? document = KindOf(bundle) switch
        {
            DocumentKinds.Plan => ReadSupportPlan(bundle, issues, locations, warnings),
            DocumentKinds.Assessment => ReadAssessment(bundle, issues, locations, warnings),
            DocumentKinds.Transition => ReadTransition(bundle, issues, locations, warnings),
            _ => null,
        };
        if (document is null && issues.Count == 0)
        {
            issues.Add(new("Bundle.entry", "the bundle carries no projet personnalisé CarePlan, transition CarePlan or functional assessment Observation", InputIssueKind.Required));
        }

        return document;
    }

    public static SupportPlan? ReadSupportPlan(Bundle bundle, List<InputIssue> issues, BundleLocations? locations = null, List<InputIssue>? warnings = null)
    {
        warnings ??= [];
        var index = new BundleIndex(bundle, locations);
        var found = index.All<CarePlan>().FirstOrDefault(p => p.Resource.Identifier.Any(i => i.System == FrenchIdentifierSystems.ProjetPersonnalise));
        if (found.Resource is not { } carePlan)
        {
            issues.Add(new("Bundle.entry", "no CarePlan with a projet personnalisé identifier (system " + FrenchIdentifierSystems.ProjetPersonnalise + ")", InputIssueKind.Required));
            return null;
        }

        var at = found.Index;
        var identifier = carePlan.Identifier.First(i => i.System == FrenchIdentifierSystems.ProjetPersonnalise);
        if (Header(index, identifier, "PPER", at, issues, warnings) is not { } header)
        {
            return null;
        }

        index.Locate("$.type", carePlan, "category");
        index.Locate("$.reviewDate", carePlan, "extension");
        index.Locate("$.agreement", carePlan, "supportingInfo");
        index.Locate("$.coordinator", carePlan, "careTeam");

        var person = header.Person;
        var structure = header.Structure;
        var careTeam = index.Resolve<CareTeam>(carePlan.CareTeam.FirstOrDefault());
        // Found, not read: only the CDAPH decision and the agreements are read from what the plan rests on.
        var supporting = carePlan.SupportingInfo.Select(index.Find<Resource>).ToList();
        index.Locate("$.cdaph", supporting.OfType<Basic>().FirstOrDefault());
        var agreements = supporting.OfType<Consent>().Where(c => c.Category.Any(x => IsCoded(x, CodeSystems.Concepts, "plan-agreement"))).ToList();
        var structureAgreement = agreements.FirstOrDefault(c => index.Resolve<Organization>(c.Performer.FirstOrDefault()) is not null)
            ?? TdduiAgreement(index, carePlan, "accordStructure");
        var personAgreement = agreements.FirstOrDefault(c => index.Resolve<Patient>(c.Performer.FirstOrDefault()) is not null)
            ?? TdduiAgreement(index, carePlan, "accordUsager");
        if (structureAgreement is not null)
        {
            index.Read(structureAgreement);
            if (personAgreement is not null)
            {
                index.Read(personAgreement);
            }
        }

        var needs = NeedsOf(index, carePlan, "$.needs");
        // TDDUI links goals to their plan from the goal (tddui-careplan-reference), the gateway from the plan.
        var goalResources = carePlan.Goal.Select(index.Find<Goal>).OfType<Goal>()
            .Concat(index.All<Goal>().Select(g => g.Resource).Where(g => g.Extension.Any(e => e.Url == TdduiProfiles.CarePlanReference && index.Points(e.Value as ResourceReference, carePlan))))
            .Where(g => !Claims(g, TdduiProfiles.GoalExpectation))
            .Distinct(ReferenceEqualityComparer.Instance).Cast<Goal>().ToList();
        foreach (var g in goalResources)
        {
            for (var k = 0; k < g.Note.Count; k++)
            {
                if (g.Note[k].Extension.Any(e => e.Url == TdduiProfiles.Discriminator))
                {
                    warnings.Add(new(index.LocationOf(g, $"note[{k}]")!, "this goal's note (" + Discriminated(g.Note[k]) + ") is not relayed: a PCPE goal keeps its description, target date and the person's view", InputIssueKind.Invalid));
                }
            }
        }

        var goals = goalResources.Select((g, i) => index.Locate($"$.goals[{i}]", g, null, new PlanGoal
        {
            Id = GoalId(g, identifier.Value),
            Description = g.Description?.Text ?? string.Empty,
            TargetDate = FhirDates.Parse((g.Target.FirstOrDefault()?.Due as Date)?.Value),
            PersonView = g.Note.FirstOrDefault(n => n.Author is ResourceReference r && index.Resolve<Patient>(r) is not null)?.Text,
            // Only the need's code is read here: the need itself is read (or named) with the plan's needs.
            Needs = g.Addresses.Select(index.Find<ServiceRequest>).OfType<ServiceRequest>().Select(s => CodeIn(s.Category, CodeSystems.SerafinPh)).OfType<string>().ToList(),
        })).ToList();

        var type = CodeIn(carePlan.Category, CodeSystems.PlanType);
        if (type is null)
        {
            // The TDDUI profile leaves the type optional; PP is TRE_R390's generic projet personnalisé.
            type = "PP";
            warnings.Add(new(BundleIndex.Location(at, "category"), "the plan has no TRE_R390 type: the gateway takes it as PP (Projet Personnalisé)", InputIssueKind.Required));
        }

        var period = FhirDates.FromPeriod(carePlan.Period);
        if (period is null && carePlan.Period?.Start is null && FhirDates.Parse(structureAgreement?.DateTime) is { } agreed)
        {
            // The TDDUI profile leaves the period optional; the plan is in force from the structure's agreement.
            period = new PlanPeriod { Start = agreed, End = FhirDates.Parse(carePlan.Period?.End) };
            warnings.Add(new(BundleIndex.Location(at, "period.start"), $"the plan has no start date: the gateway takes the structure's agreement date, {agreed:yyyy-MM-dd}", InputIssueKind.Required));
        }

        var plan = new SupportPlan
        {
            DocumentId = header.DocumentId,
            Version = VersionOf(carePlan.Extension),
            Structure = structure,
            Person = person,
            Type = type,
            Title = carePlan.Title ?? string.Empty,
            Status = StatusOf(carePlan.Status),
            Period = period ?? Missing(index, issues, at, "period.start", "$.period", structureAgreement is null ? "the plan has no start date, and no structure agreement to take it from" : "the plan has no start date, and its structure agreement no date to take it from", new PlanPeriod { Start = default, End = FhirDates.Parse(carePlan.Period?.End) }),
            RelatedParties = index.All<RelatedPerson>().Select((r, i) => index.Locate($"$.relatedParties[{i}]", r.Resource, null, ReadRelated(r.Resource))).ToList(),
            Coordinator = CoordinatorOf(index, careTeam) is { } coordinator
                ? new Coordinator { Professional = coordinator.Professional, DesignatedByMdph = coordinator.Roles.Any(r => IsCoded(r, CodeSystems.Concepts, "mdph-designated-coordinator")) }
                : null,
            Cdaph = supporting.OfType<Basic>().Select(ReadCdaph).FirstOrDefault(),
            Needs = needs,
            Goals = goals,
            Services = ServicesOf(index, carePlan, "$.services"),
            FamilySupport = carePlan.Activity.Select(a => a.Detail).Where(d => d?.Code is { } code && CodeIn([code], CodeSystems.FamilySupportKind) is not null).Select(d => new FamilySupport
            {
                Kind = CodeIn([d!.Code], CodeSystems.FamilySupportKind)!,
                Description = d.Description,
                Period = FhirDates.FromPeriod(d.Scheduled as Period),
            }).ToList(),
            ReviewDate = FhirDates.Parse((carePlan.GetExtension(GatewayProfiles.ReviewDate)?.Value as Date)?.Value),
            Agreement = structureAgreement is not null
                ? new PlanAgreement { StructureDate = FhirDates.Parse(structureAgreement.DateTime) ?? default, PersonDate = FhirDates.Parse(personAgreement?.DateTime) }
                : null,
            Sharing = SharingOf(index, header.Structure.Finess, issues),
        };
        NameUnread(index, warnings);
        return plan;
    }

    public static FunctionalAssessment? ReadAssessment(Bundle bundle, List<InputIssue> issues, BundleLocations? locations = null, List<InputIssue>? warnings = null)
    {
        warnings ??= [];
        var index = new BundleIndex(bundle, locations);
        var found = index.All<Observation>().FirstOrDefault(p => p.Resource.Identifier.Any(i => i.System == BusinessIdentifiers.AssessmentSystem) && IsCoded(p.Resource.Code, CodeSystems.Concepts, "functional-assessment"));
        if (found.Resource is not { } panel)
        {
            issues.Add(new("Bundle.entry", "no functional assessment panel Observation", InputIssueKind.Required));
            return null;
        }

        var identifier = panel.Identifier.First(i => i.System == BusinessIdentifiers.AssessmentSystem);
        if (Header(index, identifier, "EVAL", found.Index, issues, warnings) is not { } header)
        {
            return null;
        }

        var members = panel.HasMember.Select(index.Resolve<Observation>).OfType<Observation>().ToList();
        index.Locate("$.date", panel, "effective");
        index.Locate("$.method", panel, "method");
        index.Locate("$.context", panel);
        var pag = panel.Component.FirstOrDefault(c => IsCoded(c.Code, CodeSystems.Concepts, "under-pag"));
        // Where the gateway puts the CDAPH decision, and derivedFrom where bundles of its 1.0 profiles put it.
        var derived = panel.DerivedFrom.Select(index.Resolve<Resource>).ToList();
        var cdaph = panel.Extension.Where(e => e.Url == GatewayProfiles.WorkflowSupportingInfo).Select(e => e.Value as ResourceReference)
            .Select(index.Resolve<Resource>).Concat(derived).OfType<Basic>().Select(ReadCdaph).FirstOrDefault();

        var read = new FunctionalAssessment
        {
            DocumentId = header.DocumentId,
            Version = VersionOf(panel.Extension),
            Structure = header.Structure,
            Person = header.Person,
            Date = FhirDates.Parse((panel.Effective as FhirDateTime)?.Value) ?? Missing<DateOnly>(index, issues, found.Index, "effective", "$.date", "the assessment has no date"),
            Evaluators = panel.Performer.Select(index.Resolve<PractitionerRole>).Where(r => ReadProfessional(index, r) is not null).Select((r, i) => index.Locate($"$.evaluators[{i}]", index.Resolve<Practitioner>(r!.Practitioner), null, ReadProfessional(index, r)!)).ToList(),
            Method = panel.Method?.Text,
            Context = pag is null && cdaph is null ? null : new AssessmentContext { Cdaph = cdaph, UnderPag = (pag?.Value as FhirBoolean)?.Value ?? false },
            Findings = members.Where(m => CodeIn([m.Code], CodeSystems.FunctionalDomain) is not null).Select((m, i) => index.Locate($"$.findings[{i}]", m, null, new FunctionalFinding
            {
                Domain = CodeIn([m.Code], CodeSystems.FunctionalDomain)!,
                Environment = m.Component.Where(c => IsCoded(c.Code, CodeSystems.Concepts, "life-environment")).Select(c => CodeIn([c.Value as CodeableConcept], CodeSystems.LifeEnvironment)).FirstOrDefault(),
                Observation = (m.Value as FhirString)?.Value ?? string.Empty,
                Sensitivity = Sharing.SecurityLabels.SensitivitiesOf(m),
            })).ToList(),
            ChallengingBehaviours = members.Where(m => IsCoded(m.Code, CodeSystems.Concepts, "challenging-behaviour")).Select(m => (m.Value as FhirString)?.Value ?? string.Empty).ToList(),
            CaregiversKnowHow = members.Where(m => IsCoded(m.Code, CodeSystems.Concepts, "caregivers-know-how")).Select(m => (m.Value as FhirString)?.Value).FirstOrDefault(),
            Needs = members.Where(m => CodeIn([m.Code], CodeSystems.SerafinPh) is not null).Select((m, i) => index.Locate($"$.needs[{i}]", m, null, new AssessedNeed
            {
                Code = CodeIn([m.Code], CodeSystems.SerafinPh)!,
                Intensity = CodeIn([m.Value as CodeableConcept], CodeSystems.NeedIntensity) ?? string.Empty,
                Analysis = m.Note.FirstOrDefault()?.Text,
            })).ToList(),
            Reports = derived.OfType<DocumentReference>().Where(d => d.Content.FirstOrDefault()?.Attachment is not null).Select(d => (Document: d, Attachment: d.Content[0].Attachment)).Select(r => new AttachedReport
            {
                Title = r.Attachment.Title ?? string.Empty,
                Date = FhirDates.Parse(r.Attachment.Creation),
                Url = r.Attachment.Url,
                ContentType = r.Attachment.ContentType,
                Sensitivity = Sharing.SecurityLabels.SensitivitiesOf(r.Document),
            }).ToList(),
            Sharing = SharingOf(index, header.Structure.Finess, issues),
        };
        NameUnread(index, warnings);
        return read;
    }

    public static TransitionPlan? ReadTransition(Bundle bundle, List<InputIssue> issues, BundleLocations? locations = null, List<InputIssue>? warnings = null)
    {
        warnings ??= [];
        var index = new BundleIndex(bundle, locations);
        var found = index.All<CarePlan>().FirstOrDefault(p => p.Resource.Identifier.Any(i => i.System == BusinessIdentifiers.TransitionSystem));
        if (found.Resource is not { } carePlan)
        {
            issues.Add(new("Bundle.entry", "no CarePlan with a transition plan identifier (system " + BusinessIdentifiers.TransitionSystem + ")", InputIssueKind.Required));
            return null;
        }

        var identifier = carePlan.Identifier.First(i => i.System == BusinessIdentifiers.TransitionSystem);
        if (Header(index, identifier, "TRANS", found.Index, issues, warnings) is not { } header)
        {
            return null;
        }

        string? Text(string url) => (carePlan.GetExtension(url)?.Value as FhirString)?.Value;
        index.Locate("$.from", carePlan, "extension");
        index.Locate("$.to", carePlan, "extension");
        index.Locate("$.supportPlan", carePlan, "basedOn");
        index.Locate("$.steps", carePlan, "activity");
        index.Locate("$.handover", carePlan, "extension");
        index.Locate("$.receivingCoordinator", carePlan, "careTeam");
        var careTeam = index.Resolve<CareTeam>(carePlan.CareTeam.FirstOrDefault());
        var basedOn = carePlan.BasedOn.FirstOrDefault();
        var basedOnPlan = basedOn?.Identifier is { } planIdentifier ? BusinessIdentifiers.Parse(planIdentifier.Value, "PPER") : null;
        var basedOnPeriod = FhirDates.FromPeriod(basedOn?.GetExtension(GatewayProfiles.BasedOnPeriod)?.Value as Period);

        var read = new TransitionPlan
        {
            DocumentId = header.DocumentId,
            Version = VersionOf(carePlan.Extension),
            Structure = header.Structure,
            Person = header.Person,
            Title = carePlan.Title ?? string.Empty,
            Status = StatusOf(carePlan.Status),
            SupportPlan = basedOnPlan is { } plan && basedOnPeriod is { } planPeriod ? new SupportPlanLink { DocumentId = plan.DocumentId, Period = planPeriod } : null,
            From = PlaceOf(index, carePlan, GatewayProfiles.OriginKind, GatewayProfiles.OriginPlace),
            To = PlaceOf(index, carePlan, GatewayProfiles.DestinationKind, GatewayProfiles.DestinationPlace),
            Period = FhirDates.FromPeriod(carePlan.Period) ?? Missing(index, issues, found.Index, "period.start", "$.period", "the transition has no start date", new PlanPeriod { Start = default, End = FhirDates.Parse(carePlan.Period?.End) }),
            ReceivingCoordinator = CoordinatorOf(index, careTeam)?.Professional,
            Steps = carePlan.Activity.Select(a => a.Detail).Where(d => d?.Code is { } c && IsCoded(c, CodeSystems.Concepts, "transition-step")).Select(d => new TransitionStep
            {
                Description = d!.Description ?? string.Empty,
                Date = FhirDates.Parse((d.Scheduled as Period)?.Start),
                Status = d.Status switch
                {
                    CarePlan.CarePlanActivityStatus.InProgress => "in-progress",
                    CarePlan.CarePlanActivityStatus.Completed => "done",
                    CarePlan.CarePlanActivityStatus.Cancelled => "cancelled",
                    _ => "planned",
                },
            }).ToList(),
            FacilitatingFactors = carePlan.GetExtensions(GatewayProfiles.FacilitatingFactor).Select(e => (e.Value as FhirString)?.Value).OfType<string>().ToList(),
            Obstacles = carePlan.GetExtensions(GatewayProfiles.Obstacle).Select(e => (e.Value as FhirString)?.Value).OfType<string>().ToList(),
            Handover = new Handover
            {
                Needs = NeedsOf(index, carePlan, "$.handover.needs"),
                CurrentServices = ServicesOf(index, carePlan, "$.handover.currentServices"),
                Communication = Text(GatewayProfiles.HandoverCommunication),
                HabitsAndPreferences = Text(GatewayProfiles.HandoverHabits),
                Risks = Text(GatewayProfiles.HandoverRisks),
            },
            FollowUpUntil = FhirDates.Parse((carePlan.GetExtension(GatewayProfiles.FollowUpUntil)?.Value as Date)?.Value),
            Sharing = SharingOf(index, header.Structure.Finess, issues),
        };
        NameUnread(index, warnings);
        return read;
    }

    private sealed record DocumentHeader(string DocumentId, PersonIdentity Person, Structure Structure);

    private static DocumentHeader? Header(BundleIndex index, Identifier identifier, string marker, int at, List<InputIssue> issues, List<InputIssue> warnings)
    {
        if (BusinessIdentifiers.Parse(identifier.Value, marker) is not { } parts)
        {
            issues.Add(new(BundleIndex.Location(at, "identifier"), $"identifier value must read 3+FINESS/localId-{marker}-documentId", InputIssueKind.Invalid));
            return null;
        }

        var patients = index.All<Patient>().ToList();
        if (patients.Count != 1)
        {
            issues.Add(new("Bundle.entry", $"exactly one Patient expected, found {patients.Count}", InputIssueKind.Required));
            return null;
        }

        var (patient, patientAt) = patients[0];
        var local = patient.Identifier.FirstOrDefault(i => i.System == FrenchIdentifierSystems.LocalUsager);
        if (local?.Value is not { } localValue || localValue != $"3{parts.Finess}/{parts.LocalId}")
        {
            issues.Add(new(BundleIndex.Location(patientAt, "identifier"), "the Patient needs the TDDUI local identifier 3+FINESS/localId matching the document's", InputIssueKind.Invalid));
        }

        var organization = index.All<Organization>().Select(o => o.Resource).FirstOrDefault(o => o.Identifier.Any(i => i.System == FrenchIdentifierSystems.Finess && i.Value == parts.Finess));
        var structureName = organization?.Name;
        if (organization is null)
        {
            // TDDUI names the structure only by the FINESS inside the document's identifiers.
            structureName = $"Structure FINESS {parts.Finess}";
            warnings.Add(new("Bundle.entry", $"no Organization with FINESS {parts.Finess}: the gateway names the structure \"{structureName}\" in what it relays", InputIssueKind.Required));
        }

        if (patient.BirthDateElement?.Extension.Any(e => e.Url == TdduiProfiles.BirthOrder) == true)
        {
            warnings.Add(new(BundleIndex.Location(patientAt, "birthDate.extension"), "the birth order (tddui-birth-order) is not relayed: the PCPE model has no place for it", InputIssueKind.Invalid));
        }
        var main = index.Bundle.Entry[at].Resource;
        foreach (var (path, resource, element) in new (string, Resource?, string?)[]
        {
            ("$", main, null), ("$.documentId", main, "identifier"), ("$.version", main, "extension"), ("$.title", main, "title"),
            ("$.status", main, "status"), ("$.period", main, "period"), ("$.structure.finess", main, "identifier"),
            ("$.structure.name", organization, "name"), ("$.structure", organization, null),
            ("$.person.familyName", patient, "name[0].family"), ("$.person.givenNames", patient, "name[0].given"),
            ("$.person.birthDate", patient, "birthDate"), ("$.person.sex", patient, "gender"), ("$.person.localId", patient, "identifier"),
            ("$.person", patient, null),
        })
        {
            index.Locate(path, resource, element);
        }
        var name = patient.Name.FirstOrDefault();
        var status = patient.GetExtension(FrenchIdentifierSystems.IdentityReliabilityExtension)?.Extension.FirstOrDefault(e => e.Url == "identityStatus")?.Value as Coding;
        var ins = patient.Identifier.FirstOrDefault(i => InsNumber.KindOfOid(i.System) is not null);
        if (ins is not null)
        {
            var k = patient.Identifier.IndexOf(ins);
            index.Locate("$.person.ins.number", patient, $"identifier[{k}].value");
            index.Locate("$.person.ins.oid", patient, $"identifier[{k}].system");
            index.Locate("$.person.ins.identityStatus", patient, "extension");
            index.Locate("$.person.ins", patient, $"identifier[{k}]");
        }

        var person = new PersonIdentity
        {
            LocalId = parts.LocalId,
            FamilyName = name?.Family ?? string.Empty,
            GivenNames = name?.Given.OfType<string>().ToList() ?? [],
            BirthDate = FhirDates.Parse(patient.BirthDate) ?? Missing<DateOnly>(index, issues, patientAt, "birthDate", "$.person.birthDate", "the Patient has no birth date"),
            BirthPlaceCode = (patient.GetExtensionValue<Address>(FrenchIdentifierSystems.BirthPlaceExtension)?
                .GetExtensionValue<Coding>(FrenchIdentifierSystems.InseeCodeExtension))?.Code,
            Sex = patient.Gender switch
            {
                AdministrativeGender.Female => "female",
                AdministrativeGender.Male => "male",
                AdministrativeGender.Other => "other",
                AdministrativeGender.Unknown => "unknown",
                _ => null,
            },
            Ins = ins is null ? null : new InsIdentifier
            {
                Number = ins.Value ?? string.Empty,
                Oid = ins.System!["urn:oid:".Length..],
                IdentityStatus = status?.Code ?? string.Empty,
            },
        };
        return new DocumentHeader(parts.DocumentId, person, new Structure { Finess = parts.Finess, Name = structureName ?? string.Empty });
    }

    // A part that is missing gets a stand-in, so that the business checks still read the rest of the
    // document; what they would say of the stand-in itself is left out of the answer.
    private static T Missing<T>(BundleIndex index, List<InputIssue> issues, int at, string element, string documentPath, string message, T stand = default!)
    {
        issues.Add(new(BundleIndex.Location(at, element), message, InputIssueKind.Required));
        index.StandIn(documentPath);
        return stand;
    }

    private static int VersionOf(List<Extension> extensions)
        => extensions.FirstOrDefault(e => e.Url == GatewayProfiles.DocumentVersion)?.Value is Integer { Value: { } version } ? version : 1;

    private static string StatusOf(RequestStatus? status) => status switch
    {
        RequestStatus.Draft => "draft",
        RequestStatus.OnHold => "on-hold",
        RequestStatus.Completed => "completed",
        _ => "active",
    };

    private static List<Need> NeedsOf(BundleIndex index, CarePlan carePlan, string path)
        => index.All<ServiceRequest>().Select(s => s.Resource)
            .Where(s => s.BasedOn.Any(r => index.Points(r, carePlan)) && !(Claims(s, TdduiProfiles.NeedRequest) && CodeIn(s.Category, CodeSystems.SerafinPh) is null)).Select((s, i) => index.Locate($"{path}[{i}]", s, null, new Need
        {
            Code = CodeIn(s.Category, CodeSystems.SerafinPh) ?? string.Empty,
            Description = s.Note.FirstOrDefault()?.Text,
        })).ToList();

    private static List<DirectService> ServicesOf(BundleIndex index, CarePlan carePlan, string path)
    {
        // TDDUI senders may only set Task.basedOn; the gateway also lists them as activities.
        var tasks = index.All<Hl7.Fhir.Model.Task>().Select(t => t.Resource)
            .Where(t => !Claims(t, TdduiProfiles.TaskAction) && !Claims(t, TdduiProfiles.TaskMeans) && t.BasedOn.Any(r => index.Points(r, carePlan)));
        return tasks.Select((t, i) => index.Locate($"{path}[{i}]", t, null, ReadService(index, t))).ToList();
    }

    private static DirectService ReadService(BundleIndex index, Hl7.Fhir.Model.Task task)
    {
        Hl7.Fhir.Model.Task.ParameterComponent? Input(string code) => task.Input.FirstOrDefault(i => IsCoded(i.Type, CodeSystems.Concepts, code));
        var kind = CodeIn(task.PerformerType, CodeSystems.ProviderKind);
        return new DirectService
        {
            Code = CodeIn([task.Code], CodeSystems.SerafinPh) ?? string.Empty,
            Description = task.Description,
            Period = FhirDates.FromPeriod(task.ExecutionPeriod),
            Provider = kind is null ? null : new ServiceProvider
            {
                Kind = kind,
                Name = task.Owner?.Display ?? string.Empty,
                Rpps = kind == "liberal" ? index.Resolve<Practitioner>(task.Owner)?.Identifier.FirstOrDefault(i => i.System == FrenchIdentifierSystems.Rpps)?.Value : null,
                Finess = kind == "partner-esms" ? index.Resolve<Organization>(task.Owner)?.Identifier.FirstOrDefault(i => i.System == FrenchIdentifierSystems.Finess)?.Value : null,
            },
            Setting = CodeIn([Input("service-setting")?.Value as CodeableConcept], CodeSystems.ServiceSetting),
            HoursPerWeek = (Input("hours-per-week")?.Value as FhirDecimal)?.Value,
            Frequency = (Input("frequency")?.Value as FhirString)?.Value,
        };
    }

    private static RelatedParty ReadRelated(RelatedPerson related)
    {
        var relationship = related.Relationship.FirstOrDefault();
        var name = related.Name.FirstOrDefault();
        return new RelatedParty
        {
            Role = CodeIn([relationship], CodeSystems.RelatedPartyRole) ?? string.Empty,
            Relationship = relationship?.Text,
            FamilyName = name?.Family ?? string.Empty,
            GivenName = name?.Given.FirstOrDefault() ?? string.Empty,
            Phone = related.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Phone)?.Value,
        };
    }

    private static (Professional Professional, List<CodeableConcept> Roles)? CoordinatorOf(BundleIndex index, CareTeam? careTeam)
    {
        var participant = careTeam?.Participant.FirstOrDefault(p => p.Role.Any(r => IsCoded(r, CodeSystems.Concepts, "plan-coordinator")));
        return participant is not null && ReadProfessional(index, index.Resolve<PractitionerRole>(participant.Member)) is { } professional
            ? (professional, participant.Role)
            : null;
    }

    private static Professional? ReadProfessional(BundleIndex index, PractitionerRole? role)
    {
        if (index.Resolve<Practitioner>(role?.Practitioner) is not { } practitioner)
        {
            return null;
        }

        string? Id(string system) => practitioner.Identifier.FirstOrDefault(i => i.System == system)?.Value;
        var name = practitioner.Name.FirstOrDefault();
        return new Professional
        {
            Rpps = Id(FrenchIdentifierSystems.Rpps),
            Adeli = Id(BusinessIdentifiers.IdNatPs) is ['0', .. var adeli] ? adeli : null,
            InternalId = Id(BusinessIdentifiers.ProfessionalSystem) is { } internalId && internalId.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? internalId[(slash + 1)..] : null,
            FamilyName = name?.Family ?? string.Empty,
            GivenName = name?.Given.FirstOrDefault() ?? string.Empty,
            Profession = role!.Code.FirstOrDefault()?.Text ?? string.Empty,
        };
    }

    private static CdaphNotification ReadCdaph(Basic basic) => new()
    {
        Kind = CodeIn([basic.Code], CodeSystems.CdaphNotificationKind) ?? string.Empty,
        DecisionDate = FhirDates.Parse(basic.Created) ?? default,
        Validity = FhirDates.FromPeriod(basic.GetExtension(GatewayProfiles.CdaphValidity)?.Value as Period),
        Reference = basic.Identifier.FirstOrDefault(i => i.System == BusinessIdentifiers.ViaTrajectoire)?.Value,
    };

    private static TransitionPlace PlaceOf(BundleIndex index, CarePlan carePlan, string kindUrl, string placeUrl)
    {
        var reference = carePlan.GetExtension(placeUrl)?.Value as ResourceReference;
        var organization = index.Resolve<Organization>(reference);
        return new TransitionPlace
        {
            Kind = CodeIn([carePlan.GetExtension(kindUrl)?.Value as CodeableConcept], CodeSystems.PlaceKind) ?? string.Empty,
            Finess = organization?.Identifier.FirstOrDefault(i => i.System == FrenchIdentifierSystems.Finess)?.Value,
            Name = reference?.Display,
            MssAddress = organization?.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Email)?.Value,
        };
    }

    private static SharingPreferences? SharingOf(BundleIndex index, string structureFiness, List<InputIssue> issues)
    {
        var consents = index.All<Consent>().ToList();
        var sharing = consents.Select(c => c.Resource).FirstOrDefault(Sharing.DisclosureConsentReader.IsCareTeamSharing);
        var dmp = consents.Select(c => c.Resource).FirstOrDefault(Sharing.DisclosureConsentReader.IsDmpFeeding);
        var disclosures = new List<PersonConsent>();
        index.Locate("$.sharing", sharing);
        foreach (var (consent, at) in consents.Where(c => Sharing.DisclosureConsentReader.IsDisclosureConsent(c.Resource)))
        {
            if (Sharing.DisclosureConsentReader.Read(consent, structureFiness, $"Bundle.entry[{at}].resource", issues) is { } read)
            {
                index.Locate($"$.sharing.consents[{disclosures.Count}]", consent);
                disclosures.Add(read);
            }
        }

        if (dmp is not null)
        {
            index.Locate("$.sharing.dmp", dmp);
        }

        return sharing is null && dmp is null && disclosures.Count == 0 ? null : new SharingPreferences
        {
            PersonInformed = sharing?.Status == Consent.ConsentState.Active,
            Opposition = sharing?.Provision?.Type == Consent.ConsentProvisionType.Deny,
            Emergency = sharing?.Provision?.Purpose.Any(p => p.System == CodeSystems.ActReason && p.Code == "ETREAT") == true,
            Dmp = dmp is null ? null : Sharing.DisclosureConsentReader.DmpChoicesOf(dmp),
            Consents = disclosures,
        };
    }

    private static bool IsCoded(CodeableConcept? concept, string system, string code)
        => concept?.Coding.Any(c => c.System == system && c.Code == code) == true;

    private static string? CodeIn(IEnumerable<CodeableConcept?> concepts, string system)
        => concepts.SelectMany(c => c?.Coding ?? []).FirstOrDefault(c => c.System == system)?.Code;
}
