using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Fhir.Tests;

public class SharingPolicyTests
{
    private const string Structure = "340000017";
    private static readonly RecipientProfile CareTeamPlatform = new("eparcours", RecipientCategory.CoordinationPlatform, [Structure]);
    private static readonly SharingPreferences Informed = new() { PersonInformed = true };

    [Fact]
    public void Care_team_member_with_an_informed_person_and_no_opposition_is_permitted()
    {
        var decision = SharingPolicy.Decide(Structure, Informed, CareTeamPlatform);
        Assert.True(decision.Permitted);
        Assert.Equal("care-team:L1110-12", decision.LegalBasis);
    }

    [Fact]
    public void Opposition_wins_even_inside_the_care_team()
    {
        var decision = SharingPolicy.Decide(Structure, Informed with { Opposition = true }, CareTeamPlatform);
        Assert.False(decision.Permitted);
        Assert.Contains("opposed", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_proof_of_information_nothing_is_shared()
    {
        Assert.False(SharingPolicy.Decide(Structure, null, CareTeamPlatform).Permitted);
        Assert.False(SharingPolicy.Decide(Structure, new SharingPreferences(), CareTeamPlatform).Permitted);
    }

    [Fact]
    public void Outside_the_care_team_there_is_no_basis_without_consent()
    {
        var outsider = CareTeamPlatform with { CareTeamOfStructures = ["750803447"] };
        var decision = SharingPolicy.Decide(Structure, Informed, outsider);
        Assert.False(decision.Permitted);
        Assert.Contains("outside the structure's care team", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_or_unresolved_recipients_receive_nothing()
    {
        Assert.False(SharingPolicy.Decide(Structure, Informed, null).Permitted);
        Assert.False(SharingPolicy.Decide(Structure, Informed, CareTeamPlatform with { Category = RecipientCategory.Unknown }).Permitted);
    }
}
