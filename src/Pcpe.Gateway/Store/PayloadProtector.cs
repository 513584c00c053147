using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Pcpe.Gateway.Store;

/// <summary>
/// Encrypts what the store keeps of health data (documents, delivery payloads, consents) with
/// AES-256-GCM, and computes the keyed hash persons are filed under (with the store's own key, which no
/// payload key rotation changes). Envelope: version byte, 4-byte key
/// id, 12-byte nonce, 16-byte tag, ciphertext; the key id lets older keys still decrypt after a rotation.
/// Version 2 compresses before encrypting (Brotli; the plaintext starts with its length): FHIR JSON
/// shrinks several times, and every byte less is a byte the single SQLite writer does not write twice
/// (WAL, then the database). Version 1 envelopes (not compressed) are still read, and written for small
/// plaintexts (<see cref="ProtectSmall"/>).
/// </summary>
public sealed class PayloadProtector : IDisposable
{
    private const byte Uncompressed = 1;
    private const byte Compressed = 2;
    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;

    // A stored plaintext larger than this is refused rather than allocated (documents are capped far below).
    private const int MaxPlaintextLength = 256 * 1024 * 1024;
    private const int KeyIdLength = 4;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + KeyIdLength + NonceLength + TagLength;

    // Keys, not AesGcm instances: an AesGcm must not be used by two threads at once, and a new one per
    // call costs a key schedule only.
    private readonly (byte[] Id, byte[] Key) _current;
    private readonly Dictionary<uint, byte[]> _byId = [];
    private byte[] _pseudonymKey;

    /// <param name="currentKey">The 32-byte key new payloads are encrypted with.</param>
    /// <param name="previousKeys">Older keys, kept to decrypt what they encrypted.</param>
    public PayloadProtector(byte[] currentKey, IEnumerable<byte[]> previousKeys)
    {
        // Copies: disposing zeroes the keys this instance holds, not its caller's arrays.
        _current = (KeyId(currentKey), (byte[])currentKey.Clone());
        _byId[BitConverter.ToUInt32(_current.Id)] = _current.Key;
        foreach (var key in previousKeys)
        {
            _byId.TryAdd(BitConverter.ToUInt32(KeyId(key)), (byte[])key.Clone());
        }

        // Until the store gives the key it keeps (UsePseudonymKey), the one a store created before it kept one used.
        _pseudonymKey = Derived(_current.Key);
    }

    /// <summary>
    /// The person-reference key derived from the payload key that sealed <paramref name="envelope"/> (the current one
    /// for anything else): a store that filed persons before keeping a key filed them under the key that was current
    /// then, which its latest sealed rows name.
    /// </summary>
    public byte[] DerivedPseudonymKeyOf(byte[]? envelope)
        => envelope is { Length: >= HeaderLength } && envelope[0] is Uncompressed or Compressed && _byId.TryGetValue(BitConverter.ToUInt32(envelope, 1), out var key)
            ? Derived(key)
            : Derived(_current.Key);

    private static byte[] Derived(byte[] payloadKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, payloadKey, 32, info: "pcpe-gateway person reference"u8.ToArray());

    /// <summary>Files persons under <paramref name="key"/>, the store's own person-reference key, from now on.</summary>
    public void UsePseudonymKey(byte[] key)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(key.Length, 32);
        // Not zeroed: a hash being computed may still read the one it replaces (derived, not a secret of its own).
        Volatile.Write(ref _pseudonymKey, (byte[])key.Clone());
    }

    /// <summary>True when <paramref name="envelope"/> was sealed with the current key (not an older one).</summary>
    public bool IsSealedWithCurrentKey(byte[] envelope)
        => envelope.Length >= HeaderLength && envelope.AsSpan(1, KeyIdLength).SequenceEqual(_current.Id);

    public byte[] Protect(ReadOnlySpan<byte> plaintext) => Seal(Compress(plaintext));

    /// <summary>Encrypts without compressing (a version 1 envelope): for a few hundred bytes, where Brotli saves less than it costs.</summary>
    public byte[] ProtectSmall(ReadOnlySpan<byte> plaintext) => Encrypt(Uncompressed, plaintext);

    /// <summary>
    /// Protects several plaintexts, compressing each distinct array once: a recipient whose copy needs nothing
    /// removed holds the document's own bytes, and compression is most of what protecting costs. Every
    /// envelope still gets its own nonce.
    /// </summary>
    public IReadOnlyList<byte[]?> ProtectEach(IReadOnlyList<byte[]?> plaintexts)
    {
        var compressed = new Dictionary<byte[], ReadOnlyMemory<byte>>(ReferenceEqualityComparer.Instance);
        return [.. plaintexts.Select(p => p is null ? null : Seal(compressed.TryGetValue(p, out var done) ? done : compressed[p] = Compress(p)))];
    }

    // The compression buffer as written (its length prefix, then the Brotli stream), not copied to its exact size.
    private static ReadOnlyMemory<byte> Compress(ReadOnlySpan<byte> plaintext)
    {
        var compressed = new byte[4 + BrotliEncoder.GetMaxCompressedLength(plaintext.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(compressed, plaintext.Length);
        if (!BrotliEncoder.TryCompress(plaintext, compressed.AsSpan(4), out var written, BrotliQuality, BrotliWindow))
        {
            throw new InvalidOperationException("compression failed");
        }

        return compressed.AsMemory(0, 4 + written);
    }

    private byte[] Seal(ReadOnlyMemory<byte> compressed) => Encrypt(Compressed, compressed.Span);

    private byte[] Encrypt(byte version, ReadOnlySpan<byte> plaintext)
    {
        var envelope = new byte[HeaderLength + plaintext.Length];
        envelope[0] = version;
        _current.Id.CopyTo(envelope, 1);
        var nonce = envelope.AsSpan(1 + KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var cipher = new AesGcm(_current.Key, TagLength);
        cipher.Encrypt(nonce, plaintext, envelope.AsSpan(HeaderLength), envelope.AsSpan(1 + KeyIdLength + NonceLength, TagLength), envelope.AsSpan(0, 1 + KeyIdLength));
        return envelope;
    }

    /// <exception cref="CryptographicException">Not an envelope of ours, tampered with, or encrypted with a key no longer configured.</exception>
    public byte[] Unprotect(byte[] envelope)
    {
        // Stored before encryption at rest existed (schema before 0007): JSON, read as it is.
        if (envelope is [(byte)'{', ..])
        {
            return envelope;
        }

        if (envelope.Length < HeaderLength || envelope[0] is not (Uncompressed or Compressed))
        {
            throw new CryptographicException("stored payload is not an encrypted envelope of this gateway");
        }

        if (!_byId.TryGetValue(BitConverter.ToUInt32(envelope, 1), out var key))
        {
            throw new CryptographicException("stored payload was encrypted with a key that is not configured (Gateway:Store:PreviousPayloadKeys)");
        }

        var plaintext = new byte[envelope.Length - HeaderLength];
        using var cipher = new AesGcm(key, TagLength);
        cipher.Decrypt(envelope.AsSpan(1 + KeyIdLength, NonceLength), envelope.AsSpan(HeaderLength), envelope.AsSpan(1 + KeyIdLength + NonceLength, TagLength), plaintext, envelope.AsSpan(0, 1 + KeyIdLength));
        return envelope[0] == Compressed ? Decompress(plaintext) : plaintext;
    }

    private static byte[] Decompress(byte[] compressed)
    {
        // Authenticated above: only this gateway wrote it. The checks guard against our own bugs, not an attacker.
        var length = compressed.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(compressed) : -1;
        if (length is < 0 or > MaxPlaintextLength)
        {
            throw new CryptographicException("stored payload has an invalid length");
        }

        var plaintext = new byte[length];
        if (!BrotliDecoder.TryDecompress(compressed.AsSpan(4), plaintext, out var written) || written != length)
        {
            throw new CryptographicException("stored payload does not decompress to its recorded length");
        }

        return plaintext;
    }

    /// <summary>The keyed hash a person is filed under (HMAC-SHA256 of their key): no identifier in the tables.</summary>
    public string PersonRef(string personKey) => Convert.ToHexStringLower(HMACSHA256.HashData(_pseudonymKey, System.Text.Encoding.UTF8.GetBytes(personKey)));

    /// <summary>The keyed hash a receiver's id is filed under: the entry's address names the person's identifiers.</summary>
    public string ReceiverAddressRef(string recipientId, string address) => PersonRef($"receiver-address\n{recipientId}\n{address}");

    public void Dispose()
    {
        foreach (var key in _byId.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        CryptographicOperations.ZeroMemory(_pseudonymKey);
    }

    private static byte[] KeyId(byte[] key) => SHA256.HashData(key)[..KeyIdLength];

    /// <summary>
    /// The keys from configuration. With SQLite and no key configured, a key file is created next to the
    /// database on first start (single machine); with PostgreSQL the key is required (shared by instances).
    /// </summary>
    public static PayloadProtector FromOptions(StoreOptions options, string contentRoot, Action<string>? keyFileCreated = null)
    {
        var previous = options.PreviousPayloadKeys.Select(k => Decode(k, "Gateway:Store:PreviousPayloadKeys")).ToList();
        if (!string.IsNullOrWhiteSpace(options.PayloadKey))
        {
            return new PayloadProtector(Decode(options.PayloadKey, "Gateway:Store:PayloadKey"), previous);
        }

        var keyFile = StoreDialect.DefaultKeyFile(options, contentRoot)
            ?? throw new InvalidOperationException("Gateway:Store:PayloadKey is required with PostgreSQL: every instance must share it");
        if (!File.Exists(keyFile))
        {
            CreateKeyFile(keyFile);
            keyFileCreated?.Invoke(keyFile);
        }

        return new PayloadProtector(Decode(File.ReadAllText(keyFile).Trim(), keyFile), previous);
    }

    // Owner-only from its creation (never readable by others, not even while being written), written beside it and
    // moved in whole (a crash leaves no half key), never over an existing one.
    private static void CreateKeyFile(string keyFile)
    {
        var written = $"{keyFile}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var file = new StreamWriter(written, System.Text.Encoding.ASCII, options))
            {
                file.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
                file.Flush();
                ((FileStream)file.BaseStream).Flush(flushToDisk: true);
            }

            File.Move(written, keyFile, overwrite: false);
        }
        finally
        {
            File.Delete(written);
        }
    }

    private static byte[] Decode(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length == 32 ? key : throw new InvalidOperationException($"{where} must be 32 bytes (base64), got {key.Length}");
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{where} is not base64");
        }
    }
}
