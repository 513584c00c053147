using Hl7.Fhir.Model;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Tests;

/// <summary>Each sample document maps to FHIR that meets the gateway's profiles, in both bundle forms, and reads back whole.</summary>
public class DocumentMappingTests
{
    private static readonly SubmissionContext Context = SampleDocuments.Context;

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void Every_resource_of_the_transaction_meets_its_profile_with_provenance(string kind, string file)
    {
        var document = SampleDocuments.Prepare(kind, file).Source!;
        var bundle = Transaction(document, Context);

        Assert.Empty(ConformanceChecker.Embedded.Check(bundle).Select(i => $"{i.Location}: {i.Message}"));
        var provenance = bundle.Entry.Select(e => e.Resource).OfType<Provenance>().Single();
        Assert.Equal(bundle.Entry.Count - 1, provenance.Target.Count);
        Assert.Equal("dui-alpha", provenance.Agent[1].Who!.Identifier!.Value);
        Assert.StartsWith("Provenance/", bundle.Entry.Single(e => e.Resource is Provenance).Request!.Url, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void The_document_form_meets_the_profiles_and_reads_as_the_hospital_would(string kind, string file)
    {
        var prepared = SampleDocuments.Prepare(kind, file);
        var document = new DocumentBundleBuilder(TerminologyIndex.Embedded).Build(prepared.Source!, prepared.Bundle, Context.ReceivedAt);

        Assert.Equal(Bundle.BundleType.Document, document.Type);
        var composition = Assert.IsType<Composition>(document.Entry[0].Resource);
        Assert.Empty(ConformanceChecker.Embedded.Check(document).Select(i => $"{i.Location}: {i.Message}"));
        Assert.All(document.Entry, e => Assert.Null(e.Request));
        Assert.All(composition.Section.SelectMany(s => s.Entry), r => Assert.Contains(document.Entry, e => e.FullUrl == r.Reference));
        var text = string.Concat(composition.Section.Select(s => s.Text!.Div));
        Assert.Contains(prepared.Source!.Person.FamilyName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(SampleDocuments.All), MemberType = typeof(SampleDocuments))]
    public void A_sample_reads_back_from_its_bundle_unchanged(string kind, string file)
    {
        var prepared = SampleDocuments.Prepare(kind, file);
        var reparsed = FhirJson.Deserialize<Bundle>(FhirJson.SerializeToUtf8(prepared.Bundle));

        var again = SampleDocuments.Pipeline.PrepareBundle(reparsed);

        Assert.True(again.Succeeded, string.Join("; ", again.Issues.Select(i => $"{i.Path}: {i.Message}")));
        Assert.Equal(RoundTripProperties.Json(prepared.Source!), RoundTripProperties.Json(again.Document!.Source!));
        Assert.Equal(FhirJson.Serialize(prepared.Bundle), FhirJson.Serialize(again.Document.Bundle));
    }

    [Fact]
    public void The_full_plan_is_about_forty_resources_with_TDDUI_conventions()
    {
        var bundle = SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json").Bundle;
        var resources = bundle.Entry.Select(e => e.Resource!).ToList();

        Assert.InRange(resources.Count, 35, 45);
        var carePlan = resources.OfType<CarePlan>().Single();
        Assert.Equal("3340000017/U-000456-PPER-PPA-2026-0107", carePlan.Identifier[0].Value);
        Assert.Equal(7, resources.OfType<Hl7.Fhir.Model.Task>().Count(t => t.BasedOn[0].Reference == bundle.Entry.Single(e => e.Resource is CarePlan).FullUrl));
        Assert.Equal(5, resources.OfType<Goal>().Count());
        Assert.Equal(4, resources.OfType<RelatedPerson>().Count());
        var liberal = resources.OfType<Hl7.Fhir.Model.Task>().Single(t => t.Code!.Coding[0].Code == "2.1.2.1");
        var owner = resources.OfType<Practitioner>().Single(p => bundle.Entry.Single(e => e.Resource == p).FullUrl == liberal.Owner!.Reference);
        Assert.Equal("10007654329", owner.Identifier.Single(i => i.System == FrenchIdentifierSystems.Rpps).Value);
        Assert.Contains(resources.OfType<Organization>(), o => o.Identifier[0].Value == "340780006");
        var goal = resources.OfType<Goal>().First();
        Assert.Equal("1.2.1.2", resources.OfType<ServiceRequest>().Single(s => bundle.Entry.Single(e => e.Resource == s).FullUrl == goal.Addresses[0].Reference).Category[0].Coding[0].Code);
    }

    [Fact]
    public void An_assessment_is_a_panel_of_findings_needs_and_notes()
    {
        var bundle = SampleDocuments.Prepare(DocumentKinds.Assessment, "assessment.json").Bundle;
        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToList();
        var panel = observations.Single(o => o.HasMember.Count > 0);

        Assert.Equal(6 + 2 + 1 + 1, panel.HasMember.Count);
        var psychological = observations.Single(o => o.Code.Coding[0].Code == "emotions");
        Assert.Equal(["R", "PSY"], psychological.Meta!.Security.Select(s => s.Code));
        var disclosure = bundle.Entry.Select(e => e.Resource).OfType<Consent>().Single(c => c.Meta!.Profile.Contains(GatewayProfiles.DisclosureConsent))!;
        Assert.Equal("340000017/CONS-2026-01", disclosure.Identifier[0].Value);
        Assert.Equal(Consent.ConsentProvisionType.Deny, disclosure.Provision!.Type);
        var permit = Assert.Single(disclosure.Provision.Provision);
        Assert.Equal(Consent.ConsentProvisionType.Permit, permit.Type);
        Assert.Equal("health-professional", permit.Actor.Single().Reference!.Identifier!.Value);
        Assert.Equal(["assessment", "plan"], permit.Class.Select(c => c.Code));
        Assert.Equal(3, panel.Performer.Count);
        Assert.Equal("2026-07-10", ((FhirDateTime)panel.Effective!).Value);
        var need = observations.Single(o => o.Code.Coding[0].Code == "1.2.1.2");
        Assert.Equal(CodeSystems.SerafinPh, need.Code.Coding[0].System);
        Assert.Equal("high", ((CodeableConcept)need.Value!).Coding[0].Code);
        var adeli = bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().SelectMany(p => p.Identifier).Single(i => i.System == BusinessIdentifiers.IdNatPs);
        Assert.Equal("0349312345", adeli.Value);
    }

    [Fact]
    public void A_transition_continues_the_plan_and_names_its_destination()
    {
        var bundle = SampleDocuments.Prepare(DocumentKinds.Transition, "transition.json").Bundle;
        var carePlan = bundle.Entry.Select(e => e.Resource).OfType<CarePlan>().Single();

        Assert.Contains(carePlan.Meta!.Profile, p => p == GatewayProfiles.TransitionPlan);
        Assert.Equal("3340000017/U-000456-PPER-PPA-2026-0107", carePlan.BasedOn[0].Identifier!.Value);
        var destination = (ResourceReference)carePlan.GetExtension(GatewayProfiles.DestinationPlace)!.Value!;
        var hospital = (Organization)bundle.Entry.Single(e => e.FullUrl == destination.Reference).Resource!;
        Assert.Equal("340780220", hospital.Identifier[0].Value);
        Assert.Equal("admissions@hopital.test", hospital.Telecom[0].Value);
        Assert.Equal(3, carePlan.Activity.Count(a => a.Detail is not null));
    }

    private static Bundle Transaction(IPcpeDocument document, SubmissionContext context)
        => new PcpeDocumentMapper(TerminologyIndex.Embedded).ToTransaction(document, context);
}
