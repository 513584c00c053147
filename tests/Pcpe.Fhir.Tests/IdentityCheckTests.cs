using Pcpe.Fhir.Identity;

namespace Pcpe.Fhir.Tests;

public class IdentityCheckTests
{
    // Vectors of shared/reference/fhir-fr.md (ANS): valid keys, Corsica 2A/2B, one wrong key.
    [Theory]
    [InlineData("295109912611193")]
    [InlineData("253072B07300470")]
    [InlineData("253072A07300443")]
    [InlineData("255081416802538")]
    [InlineData("2 95 10 99 126 111 93")]
    public void Valid_INS_keys_are_accepted(string ins) => Assert.Null(InsNumber.Check(ins));

    [Fact]
    public void A_wrong_INS_key_is_reported_without_echoing_the_number()
    {
        var problem = InsNumber.Check("295109912611199");
        Assert.NotNull(problem);
        Assert.Contains("key", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("2951099126111", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("29510991261119", "15 characters")]
    [InlineData("2951099X2611193", "digits only")]
    [InlineData("2951099126111AB", "key")]
    public void Malformed_INS_say_what_is_wrong(string ins, string expected)
        => Assert.Contains(expected, InsNumber.Check(ins), StringComparison.Ordinal);

    [Theory]
    [InlineData("1.2.250.1.213.1.4.8", InsKind.Nir)]
    [InlineData("urn:oid:1.2.250.1.213.1.4.9", InsKind.Nia)]
    [InlineData("1.2.250.1.213.1.4.10", InsKind.TestNir)]
    [InlineData("1.2.250.1.213.1.4.11", InsKind.DemoNir)]
    public void INS_OIDs_are_recognised(string oid, InsKind kind) => Assert.Equal(kind, InsNumber.KindOfOid(oid));

    [Fact]
    public void An_unknown_OID_is_no_INS() => Assert.Null(InsNumber.KindOfOid("1.2.3.4"));

    // Real public FINESS numbers (AP-HP HEGP, CHU de Montpellier) and our synthetic test structure.
    [Theory]
    [InlineData("750803447")]
    [InlineData("340780477")]
    [InlineData("340000017")]
    [InlineData("2A0000999")]
    public void Valid_FINESS_are_accepted(string finess) => Assert.Null(FinessNumber.Check(finess));

    [Theory]
    [InlineData("340780478", "check digit")]
    [InlineData("34078047", "9 characters")]
    [InlineData("34O780477", "digits only")]
    public void Invalid_FINESS_say_what_is_wrong(string finess, string expected)
        => Assert.Contains(expected, FinessNumber.Check(finess), StringComparison.Ordinal);

    [Fact]
    public void RPPS_check_digit_is_verified()
    {
        Assert.Null(RppsNumber.Check("10101010105"));
        Assert.Contains("check digit", RppsNumber.Check("10101010106"), StringComparison.Ordinal);
        Assert.Contains("11 digits", RppsNumber.Check("1010101010"), StringComparison.Ordinal);
    }
}
