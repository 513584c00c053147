using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Fhir.Tests;

/// <summary>The terms stored next to each consent read back as the terms read from the Consent itself, and terms
/// stored in any other form are refused rather than trusted.</summary>
public class ConsentTermsJsonTests
{
    [Fact]
    public void The_stored_terms_of_every_consent_of_the_samples_and_of_random_documents_read_back_as_they_were()
    {
        var documents = new List<PreparedDocument>
        {
            SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json"),
            SampleDocuments.Prepare(DocumentKinds.Plan, "plan-minimal.json"),
            SampleDocuments.Prepare(DocumentKinds.Assessment, "assessment.json"),
            SampleDocuments.Prepare(DocumentKinds.Transition, "transition.json"),
        };
        // A fixed seed: a new one each run could miss a withdrawn consent in 80 documents, and the coverage below fail.
        documents.AddRange(DocumentGenerators.Plan.Sample(10, new Rnd(20261207UL), 40)
            .Concat<IPcpeDocument>(DocumentGenerators.Assessment.Sample(10, new Rnd(20261207UL + 1), 40))
            .Select(d => SampleDocuments.Pipeline.Prepare(d).Document!));

        var terms = documents.SelectMany(d => ConsentRecords.FromBundle(d.Bundle, d.StructureFiness)).Select(ConsentTerms.Of).ToList();

        foreach (var original in terms)
        {
            Assert.Equivalent(original, ConsentTermsJson.Read(ConsentTermsJson.Write(original)), strict: true);
        }

        // Both kinds, and disclosure consents with provisions of every sort, went through.
        Assert.Contains(terms, t => t.Kind == ConsentRecords.CareTeamSharing && t.Opposition);
        Assert.Contains(terms, t => t.Kind == ConsentRecords.CareTeamSharing && t.Informed);
        Assert.Contains(terms, t => t.Disclosure is { Provisions: [_, ..] } d && d.Provisions.Any(p => p.Recipients.Count > 0));
        Assert.Contains(terms, t => t.Disclosure?.Provisions.Any(p => p.Categories.Count > 0 && p.DataClasses.Count > 0) == true);
        Assert.Contains(terms, t => t.Disclosure?.Status == ConsentStatus.Withdrawn);
        Assert.Contains(terms, t => t.Dmp is { MaskedFromProfessionals: true });
    }

    private static Gen<ConsentTerms> AnyTerms
        => from kind in Gen.Elements(ConsentRecords.CareTeamSharing, ConsentRecords.Disclosure, ConsentRecords.DmpFeeding)
           from opposition in Gen.Elements(true, false)
           from informed in Gen.Elements(true, false)
           from masked in Gen.Elements(true, false)
           from disclosure in Gen.OneOf(Gen.Constant<DisclosureConsent?>(null), SharingProperties.Consent.Select(c => (DisclosureConsent?)c))
           select kind switch
           {
               ConsentRecords.CareTeamSharing => new ConsentTerms("340000017/CARE-TEAM", kind, "340000017", opposition, informed, null),
               ConsentRecords.DmpFeeding => new ConsentTerms("340000017/dmp-feeding", kind, "340000017", false, false, null)
               {
                   Dmp = new DmpChoices { Opposition = opposition, InvisibleToPerson = informed, MaskedFromProfessionals = masked, InvisibleToLegalRepresentatives = !masked },
               },
               _ => new ConsentTerms(disclosure?.Identifier ?? "340000017/C0", kind, "340000017", false, false, disclosure),
           };

    [Property(MaxTest = 2_000, QuietOnSuccess = true)]
    public Property Any_terms_read_back_as_they_were_written()
        => Prop.ForAll(AnyTerms.ToArbitrary(), terms => Assert.Equivalent(terms, ConsentTermsJson.Read(ConsentTermsJson.Write(terms)), strict: true));

    [Theory]
    [InlineData("another format", "1")]
    [InlineData("no format", null)]
    public void Terms_stored_under_another_format_are_not_used(string why, string? format)
    {
        var stored = JsonNode.Parse(ConsentTermsJson.Write(Opposition()))!.AsObject();
        Assert.Equal(ConsentTermsJson.Format, (int)stored["format"]!);
        stored.Remove("format");
        if (format is not null)
        {
            stored["format"] = int.Parse(format, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.True(ConsentTermsJson.Read(Encoding.UTF8.GetBytes(stored.ToJsonString())) is null, why);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("an element this version does not know")]
    [InlineData("an enumeration as a number")]
    [InlineData("an enumeration value this version does not know")]
    [InlineData("a required element missing")]
    [InlineData("an identifier that is null")]
    public void Terms_that_do_not_read_exactly_are_not_used(string damage)
    {
        var withDisclosure = new ConsentTerms("340000017/C1", ConsentRecords.Disclosure, "340000017", false, false, new DisclosureConsent
        {
            Identifier = "340000017/C1",
            Status = ConsentStatus.Active,
            Date = new DateOnly(2026, 1, 5),
            Provisions = [new ConsentProvision { Type = ProvisionType.Permit, Categories = [RecipientCategory.HealthProfessional] }],
        });
        var written = Encoding.UTF8.GetString(ConsentTermsJson.Write(withDisclosure));
        Assert.NotNull(ConsentTermsJson.Read(Encoding.UTF8.GetBytes(written)));
        var damaged = damage switch
        {
            "truncated" => written[..^3],
            "an element this version does not know" => written.Replace("\"opposition\":", "\"emergency\":true,\"opposition\":", StringComparison.Ordinal),
            "an enumeration as a number" => written.Replace("\"HealthProfessional\"", "1", StringComparison.Ordinal),
            "an enumeration value this version does not know" => written.Replace("\"HealthProfessional\"", "\"Astrologer\"", StringComparison.Ordinal),
            "a required element missing" => written.Replace("\"status\":\"Active\",", string.Empty, StringComparison.Ordinal),
            _ => written.Replace("\"identifier\":\"340000017/C1\",\"kind\"", "\"identifier\":null,\"kind\"", StringComparison.Ordinal),
        };
        Assert.NotEqual(written, damaged);

        Assert.Null(ConsentTermsJson.Read(Encoding.UTF8.GetBytes(damaged)));
    }

    private static ConsentTerms Opposition() => new("340000017/CARE-TEAM", ConsentRecords.CareTeamSharing, "340000017", true, true, null);
}
