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
    public void A_small_plaintext_is_encrypted_without_compression_and_only_its_key_opens_it()
    {
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        var sealedBytes = protector.ProtectSmall(Document);

        Assert.DoesNotContain("EXEMPLE", Encoding.Latin1.GetString(sealedBytes), StringComparison.Ordinal);
        // Version byte, key id, nonce and tag, then as many bytes as the plaintext: nothing compressed.
        Assert.Equal(1 + 4 + 12 + 16 + Document.Length, sealedBytes.Length);
        Assert.Equal(Document, protector.Unprotect(sealedBytes));
        using var stranger = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        Assert.Throws<CryptographicException>(() => stranger.Unprotect(sealedBytes));
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(sealedBytes));
    }

    [Fact]
    public void A_document_is_stored_compressed_and_comes_back_whole()
    {
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        var bundle = File.ReadAllBytes(Pcpe.Testing.TestEnvironment.Sample("assessment.json"));
        var repeated = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Encoding.UTF8.GetString(bundle), 20)));

        var sealedBytes = protector.Protect(repeated);

        Assert.Equal(repeated, protector.Unprotect(sealedBytes));
        Assert.True(sealedBytes.Length < repeated.Length / 5, $"{sealedBytes.Length} bytes stored for {repeated.Length}");
        Assert.Equal([], protector.Unprotect(protector.Protect([])));
    }

    [Fact]
    public void A_document_and_the_copies_that_are_the_document_itself_each_get_their_own_envelope()
    {
        using var protector = new PayloadProtector(RandomNumberGenerator.GetBytes(32), []);
        var minimised = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\"}");

        var sealedBytes = protector.ProtectEach([Document, Document, null, minimised]);

        Assert.Equal(4, sealedBytes.Count);
        Assert.Null(sealedBytes[2]);
        Assert.Equal(Document, protector.Unprotect(sealedBytes[0]!));
        Assert.Equal(Document, protector.Unprotect(sealedBytes[1]!));
        Assert.Equal(minimised, protector.Unprotect(sealedBytes[3]!));
        // Compressed once, but never the same nonce twice under one key.
        Assert.NotEqual(sealedBytes[0]!.AsSpan(5, 12).ToArray(), sealedBytes[1]!.AsSpan(5, 12).ToArray());
    }

    [Fact]
    public void Envelopes_written_before_compression_are_still_read()
    {
        // Version 1, as stored before compression: version, key id (SHA-256 of the key, 4 bytes), nonce,
        // tag, AES-256-GCM of the plaintext itself, the version and key id authenticated.
        var key = RandomNumberGenerator.GetBytes(32);
        var envelope = new byte[33 + Document.Length];
        envelope[0] = 1;
        SHA256.HashData(key).AsSpan(0, 4).CopyTo(envelope.AsSpan(1));
        RandomNumberGenerator.Fill(envelope.AsSpan(5, 12));
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(envelope.AsSpan(5, 12), Document, envelope.AsSpan(33), envelope.AsSpan(17, 16), envelope.AsSpan(0, 5));
        }

        using var protector = new PayloadProtector(key, []);
        Assert.Equal(Document, protector.Unprotect(envelope));
        envelope[0] = 2; // claiming compression breaks the authentication
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(envelope));
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

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_generated_key_file_is_its_owners_alone_and_the_next_start_reads_the_same_key()
    {
        var directory = Directory.CreateTempSubdirectory("pcpe-key-");
        try
        {
            var options = new StoreOptions { ConnectionString = $"Data Source={Path.Combine(directory.FullName, "gateway.db")}" };
            string? created = null;
            byte[] envelope;
            using (var first = PayloadProtector.FromOptions(options, directory.FullName, path => created = path))
            {
                envelope = first.Protect(Document);
            }

            Assert.NotNull(created);
            Assert.Equal(Path.Combine(directory.FullName, "gateway.db.key"), created);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(created));
            Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(created)).Length);
            string? createdAgain = null;
            using var second = PayloadProtector.FromOptions(options, directory.FullName, path => createdAgain = path);
            Assert.Null(createdAgain);
            Assert.Equal(Document, second.Unprotect(envelope));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
