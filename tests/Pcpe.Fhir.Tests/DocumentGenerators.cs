using FsCheck;
using FsCheck.Fluent;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// FsCheck generators of valid PCPE documents: every optional field is sometimes absent, sometimes
/// present; codes come from the national and gateway code lists; dates respect the business rules.
/// </summary>
internal static class DocumentGenerators
{
    private static readonly string[] Words = ["aide", "école", "Atelier", "l'équipe", "MDPH", "répit", "PECS", "musique", "Famille", "soins", "relais", "Œuvre", "Zoé"];
    private static readonly DateOnly Epoch = new(2024, 1, 1);

    private static string[] ValueSetCodes(string file)
        => System.Text.Json.JsonDocument.Parse(ProfileResources.ReadBytes($"profiles/terminology/{file}")).RootElement
            .GetProperty("compose").GetProperty("include").EnumerateArray()
            .SelectMany(i => i.GetProperty("concept").EnumerateArray()).Select(c => c.GetProperty("code").GetString()!).ToArray();

    private static readonly string[] NeedCodes = ValueSetCodes("ValueSet-JDV-J285-Besoins-SERAFIN.json");
    private static readonly string[] ServiceCodes = ValueSetCodes("ValueSet-JDV-J284-PrestationsDirects-SERAFIN.json");

    private static Gen<string> Text => Gen.Elements(Words).ArrayOf().Where(a => a.Length is > 0 and < 6).Select(a => string.Join(' ', a));

    private static Gen<string?> Maybe(Gen<string> gen) => Gen.OneOf(Gen.Constant<string?>(null), gen.Select(s => (string?)s));

    private static Gen<T?> MaybeOf<T>(Gen<T> gen)
        where T : class
        => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    private static Gen<string> Identifier => Gen.Elements("A", "B", "x", "7", ".", "_", "Z9").ArrayOf().Where(a => a.Length is > 0 and < 12).Select(a => "ID" + string.Concat(a));

    private static Gen<string> Luhn(int length)
        => Gen.Choose(0, 9).ArrayOf(length - 1).Select(digits =>
        {
            var body = string.Concat(digits);
            for (var check = 0; check < 10; check++)
            {
                if (Identity.Luhn.IsValid(body + check))
                {
                    return body + check;
                }
            }

            throw new InvalidOperationException("no Luhn digit");
        });

    private static Gen<DateOnly> Date(int fromDays, int toDays) => Gen.Choose(fromDays, toDays).Select(d => Epoch.AddDays(d));

    private static Gen<PlanPeriod> PeriodWithin(int fromDays, int toDays)
        => from start in Gen.Choose(fromDays, toDays)
           from length in Gen.Choose(0, toDays - start)
           from open in Gen.Elements(true, false)
           select new PlanPeriod { Start = Epoch.AddDays(start), End = open && toDays > 100000 ? null : Epoch.AddDays(start + length) };

    private static Gen<Structure> Structure => from finess in Luhn(9) from name in Text select new Structure { Finess = finess, Name = name };

    private static Gen<PersonIdentity> Person
        => from ins in MaybeOf(
               from number in Gen.Elements("295109912611193", "253072B07300470", "253072A07300443", "255081416802538")
               from oid in Gen.Elements("1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.10")
               from status in Gen.Elements("QUAL", "QUAL", "VALI", "PROV")
               select new InsIdentifier { Number = number, Oid = oid, IdentityStatus = status })
           from localId in Identifier
           from family in Text
           from given in Text.ArrayOf().Where(a => a.Length is > 0 and < 4)
           from birth in Date(-8000, -100)
           from sex in Gen.Elements("female", "male", "other", "unknown")
           select new PersonIdentity { Ins = ins, LocalId = localId, FamilyName = family, GivenNames = given, BirthDate = birth, Sex = sex };

    private static Gen<SharingPreferences?> Sharing
        => MaybeOf(from informed in Gen.Elements(true, false)
                   from opposition in Gen.Elements(true, false)
                   from emergency in Gen.Elements(true, false, false)
                   from dmp in MaybeOf(from dmpOpposition in Gen.Elements(true, false)
                                       from masked in Gen.Elements(true, false)
                                       from invisible in Gen.Elements(true, false)
                                       from invisibleToRepresentatives in Gen.Elements(true, false)
                                       select new DmpChoices { Opposition = dmpOpposition, MaskedFromProfessionals = masked, InvisibleToPerson = invisible, InvisibleToLegalRepresentatives = invisibleToRepresentatives })
                   from count in Gen.Choose(0, 2)
                   from consents in Consent.ArrayOf(count).Where(a => a.Select(c => c.Id).Distinct().Count() == a.Length)
                   select new SharingPreferences { PersonInformed = informed, Opposition = opposition, Emergency = emergency, Dmp = dmp, Consents = consents });

    /// <summary>A random valid consent to disclosure outside the care team.</summary>
    public static Gen<PersonConsent> Consent
        => from id in Identifier
           from status in Gen.Elements("active", "withdrawn")
           from date in Date(0, 700)
           from period in MaybeOf(PeriodWithin(0, 700))
           from count in Gen.Choose(1, 3)
           from provisions in ConsentProvision.ArrayOf(count)
           select new PersonConsent { Id = id, Status = status, Date = date, Period = period, Provisions = provisions };

    private static Gen<PersonConsentProvision> ConsentProvision
        => from decision in Gen.Elements("permit", "deny")
           from finessCount in Gen.Choose(0, 2)
           from finess in Luhn(9).Select(f => "finess:" + f).ArrayOf(finessCount)
           from rppsCount in Gen.Choose(0, 1)
           from rpps in Luhn(11).Select(r => "rpps:" + r).ArrayOf(rppsCount)
           from categoryCount in Gen.Choose(0, 3)
           from categories in Gen.Elements(Pcpe.Fhir.Sharing.RecipientCategories.AllCodes.Where(c => c != "unknown").ToArray()).ArrayOf(categoryCount).Select(a => a.Distinct().ToList())
           from classes in Gen.SubListOf("assessment", "plan", "transition", "attachments", "message")
           from period in MaybeOf(PeriodWithin(0, 700))
           select new PersonConsentProvision { Decision = decision, Recipients = [.. finess, .. rpps], Categories = categories.ToArray(), DataClasses = classes.ToArray(), Period = period };

    private static Gen<string[]> Sensitivity
        => from count in Gen.Choose(0, 2)
           from labels in Gen.Elements(Pcpe.Fhir.Sharing.SecurityLabels.Sensitivities.ToArray()).ArrayOf(count)
           select labels.Distinct().ToArray();

    private static Gen<Professional> Professional
        => from rpps in Maybe(Luhn(11))
           from adeli in Maybe(Gen.Choose(100000000, 999999999).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
           from internalId in Maybe(Identifier)
           from family in Text
           from given in Text
           from profession in Text
           select new Professional { Rpps = rpps, Adeli = adeli, InternalId = rpps is null && adeli is null ? internalId ?? "SAL-1" : internalId, FamilyName = family, GivenName = given, Profession = profession };

    private static Gen<CdaphNotification> Cdaph
        => from kind in Gen.Elements("transitional", "permanent", "complementary")
           from decision in Date(0, 300)
           from validity in MaybeOf(PeriodWithin(0, 2000))
           from reference in Maybe(Identifier)
           select new CdaphNotification { Kind = kind, DecisionDate = decision, Validity = validity, Reference = reference };

    private static Gen<Need[]> Needs
        => Gen.Shuffle(NeedCodes).SelectMany(codes => Gen.Choose(0, 5).SelectMany(count =>
               Maybe(Text).ArrayOf(count).Select(descriptions => codes.Take(count).Select((c, i) => new Need { Code = c, Description = descriptions[i] }).ToArray())));

    private static Gen<DirectService> Service(string structureFiness, int fromDays, int toDays)
        => from code in Gen.Elements(ServiceCodes)
           from description in Maybe(Text)
           from provider in MaybeOf(
               from kind in Gen.Elements("salaried", "liberal", "partner-esms")
               from name in Text
               from rpps in Maybe(Luhn(11))
               from finess in Maybe(Luhn(9).Where(f => f != structureFiness))
               select new ServiceProvider { Kind = kind, Name = name, Rpps = kind == "liberal" ? rpps : null, Finess = kind == "partner-esms" ? finess : null })
           from setting in Maybe(Gen.Elements("home", "school", "workplace", "esms", "leisure", "other"))
           from hours in Gen.OneOf(Gen.Constant<decimal?>(null), Gen.Choose(1, 60).Select(h => (decimal?)(h / 2m)))
           from frequency in Maybe(Text)
           from period in MaybeOf(PeriodWithin(fromDays, toDays))
           select new DirectService { Code = code, Description = description, Provider = provider, Setting = setting, HoursPerWeek = hours, Frequency = frequency, Period = period };

    public static Gen<SupportPlan> Plan
        => from structure in Structure
           from person in Person
           from id in Identifier
           from version in Gen.Choose(1, 20)
           from type in Gen.Elements("PAI", "PPA", "PPIA", "PP", "PPI", "PA", "PI")
           from title in Text
           from status in Gen.Elements("draft", "active", "on-hold", "completed")
           from start in Gen.Choose(0, 400)
           from length in Gen.Choose(30, 800)
           from parties in (from role in Gen.Elements("legal-representative", "trusted-person", "caregiver")
                            from family in Text
                            from given in Text
                            from relationship in Maybe(Text)
                            from phone in Maybe(Gen.Choose(10000000, 99999999).Select(n => "+33 6 " + n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                            select new RelatedParty { Role = role, FamilyName = family, GivenName = given, Relationship = relationship, Phone = phone }).ArrayOf().Where(a => a.Length < 4)
           from coordinator in MaybeOf(from p in Professional from mdph in Gen.Elements(true, false) select new Coordinator { Professional = p, DesignatedByMdph = mdph })
           from cdaph in MaybeOf(Cdaph)
           from needs in Needs
           from goals in (from goalId in Identifier
                          from description in Text
                          from target in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(start, start + length).Select(d => (DateOnly?)d))
                          from view in Maybe(Text)
                          from pick in Gen.Shuffle(needs.Select(n => n.Code).ToArray())
                          from take in Gen.Choose(0, needs.Length)
                          select new PlanGoal { Id = goalId, Description = description, TargetDate = target, PersonView = view, Needs = pick.Take(take).ToArray() })
                          .ArrayOf().Where(a => a.Length < 4 && a.Select(g => g.Id).Distinct().Count() == a.Length)
           from services in Service(structure.Finess, start, start + length).ArrayOf().Where(a => a.Length < 6)
           from support in (from kind in Gen.Elements("parental-guidance", "respite", "other")
                            from description in Maybe(Text)
                            from period in MaybeOf(PeriodWithin(start, start + length))
                            select new FamilySupport { Kind = kind, Description = description, Period = period }).ArrayOf().Where(a => a.Length < 3)
           from review in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(start, start + length).Select(d => (DateOnly?)d))
           from agreement in MaybeOf(from s in Date(start - 30, start) from p in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(start - 30, start).Select(d => (DateOnly?)d)) select new PlanAgreement { StructureDate = s, PersonDate = p })
           from sharing in Sharing
           select new SupportPlan
           {
               DocumentId = id, Version = version, Structure = structure, Person = person, Type = type, Title = title, Status = status,
               Period = new PlanPeriod { Start = Epoch.AddDays(start), End = Epoch.AddDays(start + length) },
               RelatedParties = parties, Coordinator = coordinator, Cdaph = cdaph, Needs = needs, Goals = goals, Services = services,
               FamilySupport = support, ReviewDate = review, Agreement = agreement, Sharing = sharing,
           };

    private static bool Distinct(Professional[] professionals)
    {
        var ids = professionals.SelectMany(p => new[] { "r" + p.Rpps, "a" + p.Adeli, "i" + p.InternalId }.Where(id => id.Length > 1)).ToList();
        return ids.Count == ids.Distinct(StringComparer.Ordinal).Count();
    }

    public static Gen<FunctionalAssessment> Assessment
        => from structure in Structure
           from person in Person
           from id in Identifier
           from version in Gen.Choose(1, 20)
           from date in Date(0, 700)
           from evaluators in Professional.ArrayOf().Where(a => a.Length is > 0 and < 4 && Distinct(a))
           from method in Maybe(Text)
           from context in MaybeOf(from cdaph in MaybeOf(Cdaph) from pag in Gen.Elements(true, false) select new AssessmentContext { Cdaph = cdaph, UnderPag = pag })
           from findings in (from domain in Gen.Elements("communication-receptive", "communication-expressive", "communication-tools", "social-skills", "cognition-learning", "emotions", "sensory-motor")
                             from environment in Maybe(Gen.Elements("daily-life", "social-family", "emotional-sexual-life", "housing", "activities-work", "culture-sport-leisure"))
                             from observation in Text
                             from sensitivity in Sensitivity
                             select new FunctionalFinding { Domain = domain, Environment = environment, Observation = observation, Sensitivity = sensitivity }).ArrayOf().Where(a => a.Length < 8)
           from behaviours in Text.ArrayOf().Where(a => a.Length < 3)
           from knowHow in Maybe(Text)
           from needs in Needs
           from intensities in Gen.Elements("low", "moderate", "high", "very-high").ArrayOf(needs.Length)
           from reports in (from title in Text
                            from reportDate in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(0, 700).Select(d => (DateOnly?)d))
                            from url in Maybe(Identifier.Select(i => "https://dui.example/doc/" + i))
                            from type in Maybe(Gen.Elements("application/pdf", "text/plain"))
                            from sensitivity in Sensitivity
                            select new AttachedReport { Title = title, Date = reportDate, Url = url, ContentType = type, Sensitivity = sensitivity }).ArrayOf().Where(a => a.Length < 3)
           from sharing in Sharing
           select new FunctionalAssessment
           {
               DocumentId = id, Version = version, Structure = structure, Person = person, Date = date, Evaluators = evaluators, Method = method,
               Context = context, Findings = findings, ChallengingBehaviours = behaviours, CaregiversKnowHow = knowHow,
               Needs = needs.Select((n, i) => new AssessedNeed { Code = n.Code, Intensity = intensities[i], Analysis = n.Description }).ToArray(),
               Reports = reports, Sharing = sharing,
           };

    private static Gen<TransitionPlace> Place(bool destination)
        => from kind in destination ? Gen.Elements("esms", "hospital", "school", "other") : Gen.Elements("home", "esms", "hospital", "school", "other")
           from finess in Luhn(9)
           from withFiness in Gen.Elements(true, false)
           from name in Maybe(Text)
           from mss in Maybe(Gen.Elements("admissions", "accueil.pcpe", "cadre-sante").Select(l => l + "@hopital.test"))
           let hasFiness = withFiness || kind is "esms" or "hospital"
           select new TransitionPlace { Kind = kind, Finess = hasFiness ? finess : null, Name = name, MssAddress = hasFiness ? mss : null };

    public static Gen<TransitionPlan> Transition
        => from structure in Structure
           from person in Person
           from id in Identifier
           from version in Gen.Choose(1, 20)
           from title in Text
           from status in Gen.Elements("draft", "active", "on-hold", "completed")
           from planStart in Gen.Choose(0, 300)
           from plan in MaybeOf(from planId in Identifier from end in Gen.Choose(planStart, planStart + 700) select new SupportPlanLink { DocumentId = planId, Period = new PlanPeriod { Start = Epoch.AddDays(planStart), End = Epoch.AddDays(end) } })
           from origin in Place(false)
           from to in Place(true)
           from start in Gen.Choose(planStart, planStart + 300)
           from length in Gen.Choose(0, 300)
           from coordinator in MaybeOf(Professional)
           from steps in (from description in Text
                          from date in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(start - 60, start + length).Select(d => (DateOnly?)d))
                          from stepStatus in Gen.Elements("planned", "in-progress", "done", "cancelled")
                          select new TransitionStep { Description = description, Date = date, Status = stepStatus }).ArrayOf().Where(a => a.Length < 5)
           from factors in Text.ArrayOf().Where(a => a.Length < 3)
           from obstacles in Text.ArrayOf().Where(a => a.Length < 3)
           from needs in Needs
           from services in Service(structure.Finess, 0, 100000).ArrayOf().Where(a => a.Length < 3)
           from communication in Maybe(Text)
           from habits in Maybe(Text)
           from risks in Maybe(Text)
           from followUp in Gen.OneOf(Gen.Constant<DateOnly?>(null), Date(start + length, start + length + 90).Select(d => (DateOnly?)d))
           from sharing in Sharing
           select new TransitionPlan
           {
               DocumentId = id, Version = version, Structure = structure, Person = person, Title = title, Status = status, SupportPlan = plan,
               From = origin, To = to, Period = new PlanPeriod { Start = Epoch.AddDays(start), End = Epoch.AddDays(start + length) },
               ReceivingCoordinator = coordinator, Steps = steps, FacilitatingFactors = factors, Obstacles = obstacles,
               Handover = new Handover { Needs = needs, CurrentServices = services, Communication = communication, HabitsAndPreferences = habits, Risks = risks },
               FollowUpUntil = followUp, Sharing = sharing,
           };
}
