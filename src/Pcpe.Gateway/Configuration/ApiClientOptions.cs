namespace Pcpe.Gateway.Configuration;

/// <summary>A DUI system allowed to call the API (<c>Gateway:Api:Clients[n]</c>).</summary>
public sealed class ApiClientOptions
{
    /// <summary>The client's name in submissions, audit and logs.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>SHA-256 thumbprints (hex) of its TLS client certificates; several allow rotation.</summary>
    public List<string> CertificateThumbprints { get; set; } = [];

    /// <summary>OAuth2 client ids (the token's <c>client_id</c> or <c>azp</c> claim) that stand for this client.</summary>
    public List<string> OAuthClientIds { get; set; } = [];

    /// <summary>An operator's client: sees every submission and the dead letters, and may replay them.</summary>
    public bool Operator { get; set; }

    /// <summary>FINESS of the structures it may push documents for.</summary>
    public List<string> Structures { get; set; } = [];
}
