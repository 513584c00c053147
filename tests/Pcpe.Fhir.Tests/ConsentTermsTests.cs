using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Fhir.Tests;

/// <summary>The terms a decision reads from recorded consents (what the gateway keeps between decisions instead of the FHIR Consents).</summary>
public class ConsentTermsTests
{
    [Fact]
    public void The_terms_of_a_pushed_assessments_consents_are_what_the_person_chose()
    {
        var document = SampleDocuments.Prepare(DocumentKinds.Assessment, "assessment.json");
        var terms = ConsentRecords.FromBundle(document.Bundle, document.StructureFiness).Select(ConsentTerms.Of).ToList();

        var (careTeam, consents) = ConsentRecords.ToDecisionInputs(terms, document.StructureFiness, emergency: false);

        Assert.True(careTeam.PersonInformed);
        Assert.False(careTeam.Opposition);
        var consent = Assert.Single(consents);
        Assert.Equal(DisclosureConsents.IdentifierOf(document.StructureFiness, "CONS-2026-01"), consent.Identifier);
        Assert.Equal(new DateOnly(2026, 7, 10), consent.Date);
        var permit = Assert.Single(consent.Provisions);
        Assert.Equal(ProvisionType.Permit, permit.Type);
        Assert.Equal([RecipientCategory.HealthProfessional], permit.Categories);
        Assert.Equal([DataClass.Assessment, DataClass.Plan], permit.DataClasses);

        // Being informed is the structure's own record; another structure's document reads it as not informed.
        Assert.False(ConsentRecords.ToDecisionInputs(terms, "750000000", emergency: false).CareTeam.PersonInformed);
    }

    [Fact]
    public void An_opposition_counts_for_every_structure_and_a_consent_that_no_longer_reads_is_skipped()
    {
        var json = JsonNode.Parse(SampleDocuments.Bytes("assessment.json"))!;
        json["sharing"]!["opposition"] = true;
        var document = SampleDocuments.PrepareJson(DocumentKinds.Assessment, json.ToJsonString()).Document!;
        var records = ConsentRecords.FromBundle(document.Bundle, document.StructureFiness);
        // A stored version altered so that its root provision permits: not a consent the gateway wrote.
        var disclosure = records.Single(r => r.Kind == ConsentRecords.Disclosure);
        disclosure.Resource.Provision!.Type = Consent.ConsentProvisionType.Permit;

        var terms = records.Select(ConsentTerms.Of).ToList();
        var (careTeam, consents) = ConsentRecords.ToDecisionInputs(terms, "750000000", emergency: false);

        Assert.True(careTeam.Opposition);
        Assert.Null(terms.Single(t => t.Kind == ConsentRecords.Disclosure).Disclosure);
        Assert.Empty(consents);
    }
}
