using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;
using Pcpe.Fhir.Validation;
using Task = Hl7.Fhir.Model.Task;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// The hand-written checker each push runs (about 150 times faster than the Firely validator,
/// docs/performance.md) agrees with the validator on random mapped documents: both accept them as
/// mapped, and both refuse them once one rule of the profiles is broken (a required element gone,
/// a code outside its value set, a wrong reference target, a missing slice, an invariant broken).
/// </summary>
public class HotPathCheckAgreementProperties
{
    private const ConformanceScope HotPath = ConformanceScope.Profiles | ConformanceScope.RequireKnownProfile;

    private sealed record Mutation(string Name, Func<Bundle, bool> Apply);

    private static IEnumerable<T> All<T>(Bundle bundle) => bundle.Entry.Select(e => e.Resource).OfType<T>();

    private static bool ForFirst<T>(Bundle bundle, Func<T, bool> apply) => All<T>(bundle).FirstOrDefault() is { } first && apply(first);

    private static bool HasProfile(Resource resource, string profile) => resource.Meta?.Profile.Contains(profile) == true;

    private static readonly Mutation[] Mutations =
    [
        new("a person without birth date", b => ForFirst<Patient>(b, p => { p.BirthDate = null; return true; })),
        new("a person without the local identifier slice", b => ForFirst<Patient>(b, p =>
        {
            p.Identifier.ForEach(i => i.System = i.System == Pcpe.Fhir.Identity.FrenchIdentifierSystems.LocalUsager ? "urn:example:other" : i.System);
            return true;
        })),
        new("a person with two INS", b => ForFirst<Patient>(b, p =>
        {
            p.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", "295109912611193"));
            p.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", "180032B02304533"));
            return true;
        })),
        new("a structure without name", b => ForFirst<Organization>(b, o => { o.Name = null; return true; })),
        new("a professional's role without profession", b => ForFirst<PractitionerRole>(b, r => { r.Code.Clear(); return true; })),
        new("a professional without family or display name", b => ForFirst<Practitioner>(b, p =>
        {
            p.Name = [new HumanName { Given = ["Ada"] }];
            return true;
        })),
        new("a plan type outside TRE_R390", b => ForFirst<CarePlan>(b, c =>
            HasProfile(c, GatewayProfiles.SupportPlan) && Recode(c.Category[0], "XXX"))),
        new("a plan or transition ending before it starts", b => ForFirst<CarePlan>(b, c =>
        {
            c.Period!.End = "1999-01-01";
            return true;
        })),
        new("a direct service code outside JDV_J284", b => ForFirst<Task>(b, t => Recode(t.Code, "9.9.9.9"))),
        new("a need based on the person instead of the plan", b => ForFirst<ServiceRequest>(b, s =>
        {
            s.BasedOn = [new ResourceReference(b.Entry.First(e => e.Resource is Patient).FullUrl)];
            return true;
        })),
        new("an assessment without its document version", b => All<Observation>(b).FirstOrDefault(o => HasProfile(o, GatewayProfiles.AssessmentPanel)) is { } panel
            && panel.Extension.RemoveAll(e => e.Url == GatewayProfiles.DocumentVersion) > 0),
        new("a finding whose value is not text", b => All<Observation>(b).FirstOrDefault(o => HasProfile(o, GatewayProfiles.Finding)) is { } f
            && (f.Value = new Integer(3)) is not null),
    ];

    private static bool Recode(CodeableConcept? concept, string code)
    {
        if (concept?.Coding.FirstOrDefault() is not { } coding)
        {
            return false;
        }

        coding.Code = code;
        coding.Display = null;
        return true;
    }

    private static Gen<IPcpeDocument> Documents => Gen.OneOf(
        DocumentGenerators.Plan.Select(p => (IPcpeDocument)p),
        DocumentGenerators.Assessment.Select(a => (IPcpeDocument)a),
        DocumentGenerators.Transition.Select(t => (IPcpeDocument)t));

    private static int ValidatorErrors(Bundle bundle)
        => GatewayFhirValidator.Shared.Validate(bundle).Issue.Count(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);

    [Property(MaxTest = 80)]
    public Property Both_refuse_a_mapped_document_that_breaks_one_rule()
        => Prop.ForAll(Documents.ToArbitrary(), Gen.Choose(0, Mutations.Length - 1).ToArbitrary(), (document, index) =>
        {
            var prepared = SampleDocuments.Pipeline.Prepare(document);
            Assert.True(prepared.Succeeded, string.Join("; ", prepared.Issues.Select(i => $"{i.Path}: {i.Message}")));
            var bundle = (Bundle)prepared.Document!.Bundle.DeepCopy();
            var mutation = Mutations[index];
            if (!mutation.Apply(bundle))
            {
                return true.Label($"{mutation.Name}: not applicable to this document");
            }

            var hand = ConformanceChecker.Embedded.Check(bundle, HotPath);
            var official = ValidatorErrors(bundle);
            Assert.True(hand.Count > 0, $"{mutation.Name}: the hand-written checker accepts it, the validator finds {official} errors");
            Assert.True(official > 0, $"{mutation.Name}: the validator accepts it, the hand-written checker says {hand[0].Location}: {hand[0].Message}");
            return true.Label(mutation.Name);
        });

    public static TheoryData<int> MutationIndexes => [.. Enumerable.Range(0, Mutations.Length)];

    [Theory]
    [MemberData(nameof(MutationIndexes))]
    public void Each_broken_rule_applies_to_a_sample_and_both_refuse_it(int index)
    {
        var applied = 0;
        foreach (var row in SampleDocuments.All())
        {
            var bundle = (Bundle)SampleDocuments.Prepare((string)row[0], (string)row[1]).Bundle.DeepCopy();
            if (Mutations[index].Apply(bundle))
            {
                applied++;
                Assert.NotEmpty(ConformanceChecker.Embedded.Check(bundle, HotPath));
                Assert.True(ValidatorErrors(bundle) > 0, $"{Mutations[index].Name} in {row[1]}: the validator accepts it");
            }
        }

        Assert.True(applied > 0, $"{Mutations[index].Name} applies to no sample");
    }

    [Property(MaxTest = 30)]
    public Property Both_accept_a_mapped_document()
        => Prop.ForAll(Documents.ToArbitrary(), document =>
        {
            var bundle = SampleDocuments.Pipeline.Prepare(document).Document!.Bundle;

            Assert.Empty(ConformanceChecker.Embedded.Check(bundle, HotPath));
            Assert.Empty(OfficialFhirValidation.Problems(bundle));
        });
}
