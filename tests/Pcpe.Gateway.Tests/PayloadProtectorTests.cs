using System.Security.Cryptography;
using System.Text;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>Encryption at rest: what the store writes cannot be read or altered without the key.</summary>
public class PayloadProtectorTests
{
    private static readonly byte[] Document = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"note\":\"EXEMPLE\"}");

    [Fact]
    public void A_payload_comes_back_only_with_its_key_and_untouched()
    {
        var oldKey = RandomNumberGenerator.GetBytes(32);
        using var before = new PayloadProtector(oldKey, []);
        var sealedBytes = before.Protect(Document);
        Assert.DoesNotContain("EXEMPLE", Encoding.Latin1.GetString(sealedBytes), StringComparison.Ordinal);

        // After a rotation the previous key still opens what it sealed.
        using var rotated = new PayloadProtector(RandomNumberGenerator.GetBytes(32), [oldKey]);
        Assert.Equal(Document, rotated.Unprotect(sealedBytes));

        using var stranger = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        Assert.Throws<CryptographicException>(() => stranger.Unprotect(sealedBytes));
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => rotated.Unprotect(sealedBytes));
    }

    [Fact]
    public void Documents_stored_before_encryption_are_still_read()
    {
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        Assert.Equal(Document, protector.Unprotect(Document));
    }

    [Fact]
    public void Person_references_are_stable_for_a_key_and_reveal_nothing()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        using var one = new PayloadProtector(key, []);
        using var two = new PayloadProtector(key, []);
        var reference = one.PersonRef("ins:253072B07300470");
        Assert.Equal(reference, two.PersonRef("ins:253072B07300470"));
        Assert.NotEqual(reference, one.PersonRef("ins:295109912611193"));
        Assert.DoesNotContain("253072", reference, StringComparison.Ordinal);
    }
}
