using System.Net;
using System.Text;
using Dapper;
using Consent = Hl7.Fhir.Model.Consent;
using Microsoft.Extensions.DependencyInjection;
using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>
/// What a decision reads of each consent is stored with it (ConsentTermsJson, encrypted): decisions after a restart,
/// or once the terms cache has let a consent go, do not parse the FHIR Consent again. Consents recorded before
/// that, or whose stored terms this version does not read, are decided from their resource.
/// </summary>
public class StoredConsentTermsTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Every_consent_a_push_or_the_consent_API_records_is_stored_with_the_terms_its_resource_gives(StoreProvider provider)
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        using (var pushed = await host.Client.PostAsync("/api/v1/assessments", new StringContent(File.ReadAllText(TestEnvironment.Sample("assessment.json")), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, pushed.StatusCode);
        }

        using (var recorded = await host.Client.PostAsync("/fhir/Consent", new StringContent(SharingTests.PartnerConsent("active"), Encoding.UTF8, "application/fhir+json")))
        {
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var store = host.Services.GetRequiredService<GatewayStore>();
        await using var connection = host.OpenStore();
        var rows = (await connection.QueryAsync<(string Identifier, string Kind, string StructureFiness, byte[] Resource, byte[]? Terms)>(
            "SELECT identifier, kind, structure_finess, resource, terms FROM consents")).ToList();

        // The assessment's care-team sharing record and disclosure consent, and the partner's consent.
        Assert.Equal(3, rows.Count);
        Assert.Equal(2, rows.Count(r => r.Kind == ConsentRecords.Disclosure));
        foreach (var row in rows)
        {
            Assert.NotNull(row.Terms);
            Assert.True(row.Terms.AsSpan().IndexOf(Encoding.UTF8.GetBytes(row.Identifier)) < 0, "the terms are stored encrypted");
            var fromResource = ConsentTerms.Of(new ConsentRecord(row.Identifier, row.Kind, row.StructureFiness, FhirJson.Deserialize<Consent>(store.Unseal(row.Resource))));
            Assert.Equivalent(fromResource, ConsentTermsJson.Read(store.Unseal(row.Terms)), strict: true);
        }
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task Decisions_read_the_stored_terms_and_the_resource_only_when_none_of_this_format_are_stored_for_that_consent(StoreProvider provider)
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        var store = host.Services.GetRequiredService<GatewayStore>();
        var decisions = host.Services.GetRequiredService<SharingDecisions>();
        // Mapped by the host's own pipeline: the consent is the one a push of this plan records.
        var prepared = host.Services.GetRequiredService<DocumentPipeline>()
            .Prepare(DocumentKinds.Plan, File.ReadAllBytes(TestEnvironment.Sample("plan-minimal.json"))).Document!;
        var record = Assert.Single(ConsentRecords.FromBundle(prepared.Bundle, prepared.StructureFiness));
        var asRecorded = ConsentTerms.Of(record);
        // The plan's care-team sharing record: the person was informed and does not oppose.
        Assert.Equal(ConsentRecords.CareTeamSharing, asRecorded.Kind);
        Assert.True(asRecorded.Informed);
        Assert.False(asRecorded.Opposition);

        // Terms that say otherwise than the resource, so that what a decision read can be told apart.
        var saidOtherwise = asRecorded with { Opposition = true };
        var otherFormat = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(ConsentTermsJson.Write(saidOtherwise)).Replace($"\"format\":{ConsentTermsJson.Format}", "\"format\":99", StringComparison.Ordinal));
        var cases = new (string Person, byte[]? Terms)[]
        {
            ("person-terms-stored", ConsentTermsJson.Write(saidOtherwise)),
            ("person-recorded-before-terms", null),
            ("person-terms-of-another-format", otherFormat),
            ("person-terms-of-another-consent", ConsentTermsJson.Write(saidOtherwise with { Identifier = "340000017/ANOTHER" })),
        };
        var day = 0;
        foreach (var (person, terms) in cases)
        {
            // Each its own resource content: the terms cache, keyed by content, must not answer for another case.
            record.Resource.DateTime = new DateOnly(2026, 1, 1).AddDays(day++).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await store.RecordConsentAsync(
                new ConsentToStore(record.Identifier, person, record.Kind, record.StructureFiness, ConsentRecords.StatusOf(record), FhirJson.SerializeToUtf8(record.Resource), terms, "test"),
                DateTimeOffset.UtcNow,
                CancellationToken.None);
        }

        var read = await decisions.LoadAsync(cases.Select(c => c.Person).ToList(), CancellationToken.None);

        Assert.True(Assert.Single(read["person-terms-stored"].Consents).Opposition);
        Assert.False(Assert.Single(read["person-recorded-before-terms"].Consents).Opposition);
        Assert.False(Assert.Single(read["person-terms-of-another-format"].Consents).Opposition);
        Assert.False(Assert.Single(read["person-terms-of-another-consent"].Consents).Opposition);
        Assert.All(read.Values, state => Assert.Equal(record.Identifier, Assert.Single(state.Consents).Identifier));
    }
}
