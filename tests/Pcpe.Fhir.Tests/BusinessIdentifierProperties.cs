using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hl7.Fhir.Model;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// Receivers find what the gateway sent before by its business identifiers (conditional update
/// <c>PUT Type?identifier=system|value</c>). FHIR search gives '|', ',', '$' and '\' a meaning, so a value
/// holding one would match nothing and create a duplicate at every push: no value the gateway writes has one.
/// </summary>
public class BusinessIdentifierProperties
{
    private static bool NoSearchSpecialCharacter(IPcpeDocument document)
    {
        var prepared = SampleDocuments.Pipeline.Prepare(document);
        Assert.True(prepared.Succeeded);
        foreach (var entry in prepared.Document!.Bundle.Entry)
        {
            var identifiers = entry.Resource switch
            {
                Patient p => p.Identifier, Practitioner p => p.Identifier, PractitionerRole r => r.Identifier, Organization o => o.Identifier,
                RelatedPerson r => r.Identifier, CarePlan c => c.Identifier, CareTeam c => c.Identifier, Goal g => g.Identifier,
                ServiceRequest s => s.Identifier, Hl7.Fhir.Model.Task t => t.Identifier, Observation o => o.Identifier, Consent c => c.Identifier,
                DocumentReference d => d.Identifier, Basic b => b.Identifier, _ => [],
            };
            Assert.All(identifiers, i => Assert.False(BusinessIdentifiers.HasSearchSpecialCharacter(i.Value ?? string.Empty), $"{entry.Resource!.TypeName} identifier {i.Value}"));
            if (entry.Request is { Method: Bundle.HTTPVerb.PUT, Url: not null } && entry.Request.Url.Contains('?', StringComparison.Ordinal))
            {
                // One '|' only: the one between system and value.
                var search = Uri.UnescapeDataString(entry.Request.Url[(entry.Request.Url.IndexOf("identifier=", StringComparison.Ordinal) + 11)..]);
                Assert.Single(search, c => c == '|');
            }
        }

        return true;
    }

    [Property(MaxTest = 100)]
    public Property Support_plans_carry_no_search_special_character_in_any_identifier()
        => Prop.ForAll(DocumentGenerators.Plan.ToArbitrary(), p => NoSearchSpecialCharacter(p));

    [Property(MaxTest = 100)]
    public Property Functional_assessments_carry_no_search_special_character_in_any_identifier()
        => Prop.ForAll(DocumentGenerators.Assessment.ToArbitrary(), a => NoSearchSpecialCharacter(a));

    [Property(MaxTest = 100)]
    public Property Transition_plans_carry_no_search_special_character_in_any_identifier()
        => Prop.ForAll(DocumentGenerators.Transition.ToArbitrary(), t => NoSearchSpecialCharacter(t));

    [Theory]
    [InlineData("3340000017/U-1-PPER-A", "3340000017%2FU-1-PPER-A")]
    [InlineData("a|b", "a%5C%7Cb")]
    [InlineData("a,b$c\\d", "a%5C%2Cb%5C%24c%5C%5Cd")]
    public void A_conditional_URL_escapes_what_FHIR_search_reserves_before_percent_encoding(string value, string encoded)
        => Assert.Equal($"Patient?identifier=urn%3Aoid%3A1.2|{encoded}", BusinessIdentifiers.ConditionalUrl("Patient", new Identifier("urn:oid:1.2", value)));
}
