using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Documents;
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
    private readonly ReadableDocumentBuilder _readable = new(terminology);

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
        var readable = _readable.Build(document);

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
            Title = readable.Title,
            Custodian = new ResourceReference(structureUrn),
            Section = readable.Sections.Select(s => new Composition.SectionComponent
            {
                Title = s.Title,
                Text = Narrative(s.Lines),
                Entry = EntriesOf(s.Part, OfType, main).Select(e => new ResourceReference(e)).ToList(),
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

    /// <summary>The FHIR entries a part of the document shows.</summary>
    private static IReadOnlyList<string> EntriesOf(DocumentPart part, Func<string, List<string>> of, string main) => part switch
    {
        DocumentPart.Plan => [main, .. of("Basic"), .. of("CareTeam")],
        DocumentPart.RelatedParties => of("RelatedPerson"),
        DocumentPart.Needs => of("ServiceRequest"),
        DocumentPart.Goals => of("Goal"),
        DocumentPart.Services => of("Task"),
        DocumentPart.Assessment => [main, .. of("PractitionerRole"), .. of("Basic")],
        DocumentPart.Reports => of("DocumentReference"),
        DocumentPart.Journey => [main, .. of("CareTeam")],
        DocumentPart.Handover => [main, .. of("ServiceRequest"), .. of("Task")],
        _ => [main],
    };

    private static Narrative Narrative(IEnumerable<string> lines) => new()
    {
        Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated,
        Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>" + string.Concat(lines.Select(l => "<li>" + WebUtility.HtmlEncode(l) + "</li>")) + "</ul></div>",
    };
}
