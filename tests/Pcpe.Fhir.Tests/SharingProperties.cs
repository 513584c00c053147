using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Fhir.Tests;

/// <summary>
/// 100,000 random (document, recipient, consents, care team) combinations: no delivery carries what its
/// category's policy forbids or a reference to something it removed, none is permitted without a basis
/// the inputs really give, and opposition or an explicit refusal always wins. The checks read the
/// minimised JSON on their own, not through the minimiser.
/// </summary>
public class SharingProperties
{
    private static readonly MinimisationPolicy Policy = MinimisationPolicy.Default;
    private static readonly DateOnly Epoch = new(2024, 1, 1);
    private static readonly string[] Identities = ["finess:340780220", "rpps:10003456789", "finess:750803447"];
    private static readonly string[] OtherStructures = ["750803447", "130783236"];

    // Mapping is not what is under test here: a pool of mapped documents (the samples and random
    // valid ones, with sensitivity labels) is drawn from.
    private static readonly Lazy<IReadOnlyList<(string Structure, DataClass Class, byte[] Json)>> Pool = new(() =>
    {
        var documents = new List<IPcpeDocument>
        {
            SampleDocuments.Prepare(DocumentKinds.Plan, "plan-full.json").Source!,
            SampleDocuments.Prepare(DocumentKinds.Assessment, "assessment.json").Source!,
            SampleDocuments.Prepare(DocumentKinds.Transition, "transition.json").Source!,
        };
        documents.AddRange(DocumentGenerators.Plan.Sample(8, 10));
        documents.AddRange(DocumentGenerators.Assessment.Sample(8, 10));
        documents.AddRange(DocumentGenerators.Transition.Sample(8, 10));
        return documents.Select(d =>
        {
            var prepared = SampleDocuments.Pipeline.Prepare(d);
            Assert.True(prepared.Succeeded);
            return (d.Structure.Finess, DataClasses.OfKind(prepared.Document!.Kind), SampleDocuments.AsRelayed(prepared.Document));
        }).ToList();
    });

    private static Gen<DateOnly?> Day => Gen.OneOf(Gen.Constant<DateOnly?>(null), Gen.Choose(0, 60).Select(d => (DateOnly?)Epoch.AddDays(d)));

    private static Gen<CareTeamMembership> Membership(string structure)
        => from which in Gen.Choose(0, 2)
           from start in Day
           from end in Day
           select new CareTeamMembership(which switch { 0 => null, 1 => structure, _ => OtherStructures[0] }, start, end);

    private static Gen<ConsentProvision> Provision
        => from type in Gen.Elements(ProvisionType.Permit, ProvisionType.Permit, ProvisionType.Deny)
           from recipients in Gen.SubListOf(Identities)
           from categoryCount in Gen.Choose(0, 2)
           from categories in Gen.Elements(Enum.GetValues<RecipientCategory>()).ArrayOf(categoryCount)
           from classCount in Gen.Choose(0, 2)
           from classes in Gen.Elements(Enum.GetValues<DataClass>()).ArrayOf(classCount)
           from start in Day
           from end in Day
           select new ConsentProvision { Type = type, Recipients = recipients.ToList(), Categories = categories, DataClasses = classes, Start = start, End = end };

    internal static Gen<DisclosureConsent> Consent
        => from n in Gen.Choose(1, 9)
           from status in Gen.Elements(ConsentStatus.Active, ConsentStatus.Active, ConsentStatus.Withdrawn, ConsentStatus.EnteredInError)
           from start in Day
           from end in Day
           from count in Gen.Choose(1, 3)
           from provisions in Provision.ArrayOf(count)
           select new DisclosureConsent { Identifier = $"340000017/C{n}", Status = status, Date = Epoch, Start = start, End = end, Provisions = provisions };

    private static Gen<DmpChoices?> DmpChoices
        => from present in Gen.Elements(true, false)
           from opposition in Gen.Elements(false, false, true)
           from masked in Gen.Elements(false, true)
           from invisible in Gen.Elements(false, false, true)
           from invisibleToRepresentatives in Gen.Elements(false, true)
           select present
               ? new DmpChoices { Opposition = opposition, MaskedFromProfessionals = masked, InvisibleToPerson = invisible, InvisibleToLegalRepresentatives = invisibleToRepresentatives }
               : null;

    private static Gen<(int Document, SharingRequest Request)> Combination
        => from document in Gen.Choose(0, Pool.Value.Count - 1)
           let structure = Pool.Value[document].Structure
           from category in Gen.Elements(Enum.GetValues<RecipientCategory>())
           from identities in Gen.SubListOf(Identities)
           from memberCount in Gen.Choose(0, 2)
           from team in Membership(structure).ArrayOf(memberCount)
           from hasSharing in Gen.Elements(true, true, false)
           from informed in Gen.Elements(true, true, false)
           from opposition in Gen.Elements(false, false, false, true)
           from emergency in Gen.Elements(false, false, true)
           from dmp in DmpChoices
           from consentCount in Gen.Choose(0, 2)
           from consents in Consent.ArrayOf(consentCount)
           from day in Gen.Choose(0, 60)
           select (document, new SharingRequest(
               Pool.Value[document].Class,
               structure,
               category == RecipientCategory.Unknown && identities.Count == 0 ? null : new RecipientProfile("r", category, team) { Identities = identities.ToList() },
               hasSharing ? new SharingPreferences { PersonInformed = informed, Opposition = opposition, Emergency = emergency, Dmp = dmp } : null,
               consents,
               Epoch.AddDays(day)));

    [Property(MaxTest = 100_000, QuietOnSuccess = true)]
    public Property No_delivery_carries_what_its_policy_forbids_or_leaves_without_a_basis()
        => Prop.ForAll(Combination.ToArbitrary(), combination =>
        {
            var (index, request) = combination;
            var decision = SharingPolicy.Decide(request, Policy, Pool.Value[index].Json);
            var rule = request.Recipient is { } r ? Policy.RuleFor(r.Category) : null;
            var opposed = request.CareTeamSharing is { Opposition: true };
            var refused = request.Recipient is not null && request.Consents.Any(c => c.InForce(request.Day) && c.Provisions.Any(p => p.Type == ProvisionType.Deny && Covers(p, request)));

            if (!decision.Permitted)
            {
                Assert.NotNull(decision.Reason);
                Assert.Null(decision.Document);
                // Never over-blocking: an informed person's care team gets what its category may receive; the
                // person's own space, whatever its care team, what the person did not oppose nor hide from themselves.
                var dmpBasis = request.Recipient is { Category: RecipientCategory.PersonDmp } && rule is not null && rule.DataClasses.Contains(request.DataClass)
                    && !opposed && !refused && request.CareTeamSharing?.Dmp is not ({ Opposition: true } or { InvisibleToPerson: true } or { InvisibleToLegalRepresentatives: true });
                Assert.False(dmpBasis, "the person's own space was refused what they did not oppose");
                var teamBasis = request.Recipient is not { Category: RecipientCategory.PersonDmp } && rule is not null && rule.DataClasses.Contains(request.DataClass) && !opposed && !refused
                    && request.CareTeamSharing is { PersonInformed: true } && request.Recipient!.CareTeam.Any(m => m.Covers(request.StructureFiness, request.Day));
                Assert.False(teamBasis, "a care-team member of an informed, non-opposing person was refused");
                return true;
            }

            Assert.NotNull(rule);
            Assert.Contains(request.DataClass, rule.DataClasses);
            Assert.False(opposed, "permitted despite an opposition");
            Assert.False(refused, "permitted despite a refusal in force");
            Assert.False(request.CareTeamSharing?.Dmp is { Opposition: true } && request.Recipient!.Category == RecipientCategory.PersonDmp, "the person's space fed despite their opposition");
            AssertBasisHolds(decision.LegalBasis!, request, rule);
            AssertCarriesNothingForbidden(decision.Document!.Json, rule);
            return true;
        });

    private static readonly string[] Structures = ["340000017", .. OtherStructures];

    // One latest version per identifier, as the registry gives them: care-team records of some structures, disclosure consents.
    private static Gen<ConsentTerms> CareTeamRecord
        => from structure in Gen.Elements(Structures)
           from informed in Gen.Elements(true, false)
           from opposition in Gen.Elements(false, false, true)
           select new ConsentTerms(ConsentRecords.CareTeamSharingIdentifier(structure), ConsentRecords.CareTeamSharing, structure, opposition, informed, null);

    private static Gen<(List<ConsentTerms> Registry, ConsentTerms Recorded, Func<IEnumerable<ConsentTerms>, SharingDecision> Decide)> RegistryChange
        => from careTeamCount in Gen.Choose(0, 3)
           from careTeam in CareTeamRecord.ArrayOf(careTeamCount)
           from consentCount in Gen.Choose(0, 2)
           from consents in Consent.ArrayOf(consentCount)
           from recorded in CareTeamRecord
           from dataClass in Gen.Elements(Enum.GetValues<DataClass>())
           from structure in Gen.Elements(Structures)
           from category in Gen.Elements(Enum.GetValues<RecipientCategory>())
           from identities in Gen.SubListOf(Identities)
           from memberCount in Gen.Choose(0, 2)
           from team in Membership(structure).ArrayOf(memberCount)
           from emergency in Gen.Elements(false, false, true)
           from day in Gen.Choose(0, 60)
           let registry = careTeam.Concat(consents.Select(c => new ConsentTerms(c.Identifier, ConsentRecords.Disclosure, "340000017", false, false, c)))
               .GroupBy(t => t.Identifier).Select(g => g.Last()).ToList()
           select (registry, recorded, (Func<IEnumerable<ConsentTerms>, SharingDecision>)(terms =>
           {
               var (sharing, inForce) = ConsentRecords.ToDecisionInputs(terms, structure, emergency);
               var recipient = new RecipientProfile("r", category, team) { Identities = identities.ToList() };
               return SharingPolicy.Decide(new SharingRequest(dataClass, structure, recipient, sharing, inForce, Epoch.AddDays(day)), Policy);
           }));

    // The registry with one more version recorded: it replaces the version under its identifier.
    private static List<ConsentTerms> With(List<ConsentTerms> registry, ConsentTerms recorded)
        => [.. registry.Where(t => t.Identifier != recorded.Identifier), recorded];

    /// <summary>What lets a push skip reviewing the person's queued deliveries (SubmissionIntake): a version that
    /// <see cref="ConsentTerms.OnlyWidens"/> never takes away a permitted delivery's basis, whatever it replaces.</summary>
    [Property(MaxTest = 50_000, QuietOnSuccess = true)]
    public Property A_version_that_only_widens_never_turns_a_permitted_delivery_into_a_refusal()
        => Prop.ForAll(RegistryChange.ToArbitrary(), change =>
            !change.Recorded.OnlyWidens || !change.Decide(change.Registry).Permitted || change.Decide(With(change.Registry, change.Recorded)).Permitted);

    [Fact]
    public void The_registry_changes_reach_permits_kept_and_permits_lost()
    {
        var outcomes = RegistryChange.Sample(20_000, 20)
            .Where(c => c.Decide(c.Registry).Permitted)
            .Select(c => (c.Recorded.OnlyWidens, c.Decide(With(c.Registry, c.Recorded)).Permitted))
            .ToHashSet();
        // Widening versions keep permits; others can lose them (an opposition, a person no longer informed), so the
        // property above would see a wrong answer of OnlyWidens.
        Assert.Equal([(false, false), (false, true), (true, true)], outcomes.Order());
    }

    [Fact]
    // The shipped policy names every category, so CategoryNotInPolicy is left to the table tests.
    public void The_combinations_reach_every_basis_and_every_denial()
    {
        var outcomes = Combination.Sample(5_000, 20)
            .Select(c => SharingPolicy.Decide(c.Request, Policy))
            .Select(d => d.Permitted ? d.LegalBasis!.Split(':')[0] : d.Denial!.Value.ToString())
            .ToHashSet();
        // Every denial but those the policy never gives itself: a category outside the default policy (there is none),
        // an INS not qualified (the router's, before the policy is asked), an address not the destination's (the channel's).
        Assert.Superset(new HashSet<string>(["care-team", "consent", "emergency", "dmp",
            .. Enum.GetNames<SharingDenial>().Where(n => n is not (nameof(SharingDenial.CategoryNotInPolicy) or nameof(SharingDenial.InsNotQualified) or nameof(SharingDenial.AddressNotTheDestinations)))]), outcomes);
    }

    private static bool Covers(ConsentProvision p, SharingRequest request)
        => (p.Start is null || p.Start <= request.Day) && (p.End is null || request.Day <= p.End)
           && (p.DataClasses.Count == 0 || p.DataClasses.Contains(request.DataClass))
           && ((p.Recipients.Count == 0 && p.Categories.Count == 0) || p.Categories.Contains(request.Recipient!.Category) || p.Recipients.Intersect(request.Recipient!.Identities).Any());

    private static void AssertBasisHolds(string basis, SharingRequest request, MinimisationRule rule)
    {
        if (basis == "dmp:L1111-15")
        {
            Assert.Equal(RecipientCategory.PersonDmp, request.Recipient!.Category);
            Assert.False(request.CareTeamSharing?.Dmp is { InvisibleToPerson: true } or { InvisibleToLegalRepresentatives: true }, "a document hidden from the person or their representatives was sent to them");
        }
        else if (basis == "care-team:L1110-12")
        {
            Assert.True(request.CareTeamSharing is { PersonInformed: true });
            Assert.Contains(request.Recipient!.CareTeam, m => m.Covers(request.StructureFiness, request.Day));
        }
        else if (basis.StartsWith("consent:", StringComparison.Ordinal))
        {
            var consent = request.Consents.First(c => c.Identifier == basis["consent:".Length..] && c.InForce(request.Day) && c.Provisions.Any(p => p.Type == ProvisionType.Permit && Covers(p, request)));
            Assert.Equal(ConsentStatus.Active, consent.Status);
        }
        else
        {
            Assert.Equal("emergency:R1110-3", basis);
            Assert.True(request.CareTeamSharing is { Emergency: true } && rule.EmergencyAccess);
        }
    }

    private static void AssertCarriesNothingForbidden(byte[] minimised, MinimisationRule rule)
    {
        using var json = JsonDocument.Parse(minimised);
        var entries = json.RootElement.GetProperty("entry").EnumerateArray().ToList();
        var fullUrls = entries.Select(e => e.GetProperty("fullUrl").GetString()).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var resource = entry.GetProperty("resource");
            var type = resource.GetProperty("resourceType").GetString()!;
            var meta = resource.TryGetProperty("meta", out var m) ? m : default;
            var profiles = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("profile", out var p) ? p.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var labels = meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("security", out var s) ? s.EnumerateArray().Select(x => x.GetProperty("code").GetString()!).ToList() : [];
            Assert.False(rule.RemovedResources.TryGetValue(type, out var removed) && (removed is null || removed.Overlaps(profiles)), $"a {type} the policy removes was sent");
            Assert.False(rule.RemovedLabels.Overlaps(labels), "a resource labelled for removal was sent");
            if (rule.RemovedElements.TryGetValue(type, out var paths))
            {
                foreach (var path in paths.Where(x => x.Length == 1))
                {
                    Assert.False(resource.TryGetProperty(path[0], out _), $"{type}.{path[0]} was sent");
                }
            }

            AssertReferencesResolve(resource, fullUrls);
        }
    }

    private static void AssertReferencesResolve(JsonElement element, HashSet<string?> fullUrls)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("reference") && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString()!.StartsWith("urn:uuid:", StringComparison.Ordinal))
                    {
                        Assert.Contains(property.Value.GetString(), fullUrls);
                    }

                    AssertReferencesResolve(property.Value, fullUrls);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    AssertReferencesResolve(item, fullUrls);
                }

                break;
        }
    }
}
