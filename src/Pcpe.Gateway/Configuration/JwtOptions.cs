namespace Pcpe.Gateway.Configuration;

/// <summary>
/// OAuth2 bearer tokens (JWT access tokens of the client-credentials grant) as the alternative to client
/// certificates (<c>Gateway:Api:Jwt</c>). Either an <see cref="Authority"/> whose discovery document gives
/// the signing keys, or a fixed <see cref="SigningKeyPath"/> (PEM public key).
/// </summary>
public sealed class JwtOptions
{
    public string? Authority { get; set; }

    public string? SigningKeyPath { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public bool Enabled => Authority is { Length: > 0 } || SigningKeyPath is { Length: > 0 };
}
