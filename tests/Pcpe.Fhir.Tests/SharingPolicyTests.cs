using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Fhir.Tests;

/// <summary>The cases of ../shared/reference/sharing-rules.md, one row each.</summary>
public class SharingPolicyTests
{
    private const string Structure = "340000017";
    private const string OtherStructure = "750803447";
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly MinimisationPolicy Policy = MinimisationPolicy.Default;
    private static readonly SharingPreferences Informed = new() { PersonInformed = true };

    private static RecipientProfile Recipient(RecipientCategory category, params CareTeamMembership[] team)
        => new("r1", category, team) { Identities = ["finess:340780220", "rpps:10003456789"] };

    private static readonly RecipientProfile TeamPlatform = Recipient(RecipientCategory.CoordinationPlatform, new CareTeamMembership(Structure));
    private static readonly RecipientProfile Outsider = Recipient(RecipientCategory.HealthProfessional);

    private static PersonConsentProvision Permit(string? recipient = null, string? category = null, string? dataClass = null)
        => new() { Decision = "permit", Recipients = recipient is null ? [] : [recipient], Categories = category is null ? [] : [category], DataClasses = dataClass is null ? [] : [dataClass] };

    private static DisclosureConsent Consent(PersonConsentProvision provision, string status = "active", PlanPeriod? period = null)
        => DisclosureConsents.From(new PersonConsent { Id = "C1", Status = status, Date = Today.AddDays(-10), Period = period, Provisions = [provision] }, Structure);

    private static SharingDecision Decide(RecipientProfile? recipient, SharingPreferences? sharing, DataClass dataClass = DataClass.Plan, params DisclosureConsent[] consents)
        => SharingPolicy.Decide(new SharingRequest(dataClass, Structure, recipient, sharing, consents, Today), Policy);

    [Fact]
    public void Care_team_member_with_an_informed_person_and_no_opposition_is_permitted()
    {
        var decision = Decide(TeamPlatform, Informed);
        Assert.True(decision.Permitted);
        Assert.Equal("care-team:L1110-12", decision.LegalBasis);
        Assert.Equal(Policy.Version, decision.PolicyVersion);
    }

    [Fact]
    public void Opposition_wins_inside_the_care_team_over_a_consent_and_over_an_emergency()
    {
        var opposed = Informed with { Opposition = true, Emergency = true };
        Assert.Equal(SharingDenial.Opposition, Decide(TeamPlatform, opposed).Denial);
        Assert.Equal(SharingDenial.Opposition, Decide(Outsider, opposed, DataClass.Plan, Consent(Permit())).Denial);
    }

    [Fact]
    public void Without_proof_of_information_the_care_team_receives_nothing()
    {
        Assert.Equal(SharingDenial.NotInformed, Decide(TeamPlatform, null).Denial);
        Assert.Equal(SharingDenial.NotInformed, Decide(TeamPlatform, new SharingPreferences()).Denial);
    }

    [Fact]
    public void A_membership_counts_only_within_its_period_and_for_its_structure()
    {
        var ended = Recipient(RecipientCategory.CoordinationPlatform, new CareTeamMembership(null, Today.AddYears(-1), Today.AddDays(-1)));
        var future = Recipient(RecipientCategory.CoordinationPlatform, new CareTeamMembership(null, Today.AddDays(1)));
        var elsewhere = Recipient(RecipientCategory.CoordinationPlatform, new CareTeamMembership(OtherStructure));
        var current = Recipient(RecipientCategory.CoordinationPlatform, new CareTeamMembership(null, Today.AddDays(-30), Today));
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(ended, Informed).Denial);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(future, Informed).Denial);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(elsewhere, Informed).Denial);
        Assert.True(Decide(current, Informed).Permitted);
    }

    [Fact]
    public void Outside_the_care_team_there_is_no_basis_without_consent()
    {
        var decision = Decide(Outsider, Informed);
        Assert.False(decision.Permitted);
        Assert.Equal(SharingDenial.NoLegalBasis, decision.Denial);
        Assert.Contains("outside the person's care team", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("finess:340780220", null, null)]
    [InlineData("rpps:10003456789", null, "plan")]
    [InlineData(null, "health-professional", null)]
    [InlineData(null, null, "plan")]
    public void A_consent_in_force_naming_the_recipient_its_category_or_the_data_is_the_basis(string? recipient, string? category, string? dataClass)
    {
        var decision = Decide(Outsider, null, DataClass.Plan, Consent(Permit(recipient, category, dataClass)));
        Assert.True(decision.Permitted);
        Assert.Equal($"consent:{Structure}/C1", decision.LegalBasis);
    }

    [Fact]
    public void A_consent_that_does_not_cover_this_recipient_these_data_or_today_is_no_basis()
    {
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(Outsider, null, DataClass.Plan, Consent(Permit("finess:750803447"))).Denial);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(Outsider, null, DataClass.Plan, Consent(Permit(category: "social-worker"))).Denial);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(Outsider, null, DataClass.Assessment, Consent(Permit(dataClass: "plan"))).Denial);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(Outsider, null, DataClass.Plan, Consent(Permit(), period: new PlanPeriod { Start = Today.AddYears(-2), End = Today.AddDays(-1) })).Denial);
    }

    [Fact]
    public void A_withdrawn_consent_permits_nothing()
        => Assert.Equal(SharingDenial.NoLegalBasis, Decide(Outsider, null, DataClass.Plan, Consent(Permit(), "withdrawn")).Denial);

    [Fact]
    public void An_explicit_refusal_wins_even_inside_the_care_team()
    {
        var refusal = Consent(new PersonConsentProvision { Decision = "deny", Recipients = ["finess:340780220"] });
        var decision = Decide(TeamPlatform, Informed, DataClass.Plan, refusal);
        Assert.Equal(SharingDenial.ConsentRefuses, decision.Denial);
        Assert.Contains($"{Structure}/C1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flagged_emergency_lets_health_professionals_receive_and_no_one_else()
    {
        var emergency = new SharingPreferences { Emergency = true };
        Assert.Equal("emergency:R1110-3", Decide(Outsider, emergency).LegalBasis);
        Assert.Equal(SharingDenial.NoLegalBasis, Decide(Recipient(RecipientCategory.SocialWorker), emergency).Denial);
    }

    [Fact]
    public void Unknown_or_unresolved_recipients_receive_nothing()
    {
        Assert.Equal(SharingDenial.RecipientUnknown, Decide(null, Informed).Denial);
        Assert.Equal(SharingDenial.RecipientUnknown, Decide(TeamPlatform with { Category = RecipientCategory.Unknown }, Informed).Denial);
    }

    [Fact]
    public void A_category_receives_only_the_data_classes_its_policy_lists()
    {
        var childminder = Recipient(RecipientCategory.ChildminderOrFosterCarer, new CareTeamMembership(Structure));
        Assert.True(Decide(childminder, Informed, DataClass.Plan).Permitted);
        var decision = Decide(childminder, Informed, DataClass.Assessment);
        Assert.Equal(SharingDenial.DataClassExcluded, decision.Denial);
        Assert.Contains("childminder-or-foster-carer does not receive assessment", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_the_policy_file_does_not_name_receives_nothing()
    {
        var narrow = MinimisationPolicy.Parse("""{"version":"t1","categories":{"health-professional":{"dataClasses":["plan"]}}}"""u8);
        var decision = SharingPolicy.Decide(new SharingRequest(DataClass.Plan, Structure, TeamPlatform, Informed, [], Today), narrow);
        Assert.Equal(SharingDenial.CategoryNotInPolicy, decision.Denial);
        Assert.Equal("t1", decision.PolicyVersion);
    }

    private static readonly RecipientProfile PersonSpace = Recipient(RecipientCategory.PersonDmp);

    [Fact]
    public void The_persons_own_space_is_fed_under_L1111_15_outside_any_care_team_with_what_the_policy_lets_it_receive()
    {
        var decision = Decide(PersonSpace, Informed with { Dmp = new DmpChoices { MaskedFromProfessionals = true } });
        Assert.True(decision.Permitted);
        Assert.Equal("dmp:L1111-15", decision.LegalBasis);
        // Nothing recorded at all is no opposition: the DMP is fed unless the person says otherwise.
        Assert.Equal("dmp:L1111-15", Decide(PersonSpace, null).LegalBasis);
        // Coordinators' messages and links to reports stay among professionals.
        Assert.Equal(SharingDenial.DataClassExcluded, Decide(PersonSpace, Informed, DataClass.Message).Denial);
        Assert.Equal(SharingDenial.DataClassExcluded, Decide(PersonSpace, Informed, DataClass.Attachments).Denial);
    }

    [Fact]
    public void The_persons_opposition_to_their_DMP_or_to_sharing_and_a_document_hidden_from_them_or_their_representatives_send_nothing_to_their_space()
    {
        Assert.Equal(SharingDenial.DmpOpposition, Decide(PersonSpace, Informed with { Dmp = new DmpChoices { Opposition = true } }).Denial);
        Assert.Equal(SharingDenial.Opposition, Decide(PersonSpace, Informed with { Opposition = true }).Denial);
        Assert.Equal(SharingDenial.InvisibleToPerson, Decide(PersonSpace, Informed with { Dmp = new DmpChoices { InvisibleToPerson = true } }).Denial);
        // The legal representatives may be the ones who read the person's mailbox (a minor's, a protected adult's).
        Assert.Equal(SharingDenial.InvisibleToLegalRepresentatives, Decide(PersonSpace, Informed with { Dmp = new DmpChoices { InvisibleToLegalRepresentatives = true } }).Denial);
        // A refusal of the person's space in a consent is a refusal too.
        var refusal = Consent(new PersonConsentProvision { Decision = "deny", Categories = ["person-dmp"] });
        Assert.Equal(SharingDenial.ConsentRefuses, Decide(PersonSpace, Informed, DataClass.Plan, refusal).Denial);
    }

    [Fact]
    public void The_DMP_choices_bind_only_the_persons_space()
    {
        var hidden = Informed with { Dmp = new DmpChoices { Opposition = true, InvisibleToPerson = true } };
        Assert.Equal("care-team:L1110-12", Decide(TeamPlatform, hidden).LegalBasis);
    }

    [Fact]
    public void An_opposition_to_the_DMP_recorded_by_any_structure_counts_and_visibility_is_the_structures_own()
    {
        ConsentTerms Record(string structure, DmpChoices choices)
            => new(ConsentRecords.DmpFeedingIdentifier(structure), ConsentRecords.DmpFeeding, structure, false, false, null) { Dmp = choices };

        var (opposedElsewhere, _) = ConsentRecords.ToDecisionInputs([Record(OtherStructure, new DmpChoices { Opposition = true }), Record(Structure, new DmpChoices { MaskedFromProfessionals = true })], Structure, false);
        Assert.Equal(new DmpChoices { Opposition = true, MaskedFromProfessionals = true }, opposedElsewhere.Dmp);
        var (hiddenElsewhere, _) = ConsentRecords.ToDecisionInputs([Record(OtherStructure, new DmpChoices { InvisibleToPerson = true })], Structure, false);
        Assert.Null(hiddenElsewhere.Dmp);
    }
}
