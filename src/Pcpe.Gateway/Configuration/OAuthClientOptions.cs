namespace Pcpe.Gateway.Configuration;

/// <summary>
/// OAuth2 client-credentials grant for the applicative mailbox (<c>Gateway:Mss:OAuth</c>), used when
/// <c>Gateway:Mss:Sender:Smtp:Authentication</c> is <c>OAuth2</c>.
/// </summary>
public sealed class OAuthClientOptions
{
    public Uri? TokenEndpoint { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes, when the authorisation server wants some.</summary>
    public string? Scope { get; set; }
}
