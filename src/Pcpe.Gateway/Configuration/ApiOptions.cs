namespace Pcpe.Gateway.Configuration;

/// <summary>How DUI callers are identified (<c>Gateway:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Accept calls without authentication, all attributed to the client <c>anonymous</c>.
    /// For the demo and local trials only: refused at start-up in the Production environment.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>
    /// PEM file of the CAs that issue DUI client certificates. When set, HTTPS endpoints ask for a
    /// client certificate, and a presented one must chain to these CAs (the system store is not used)
    /// or the TLS handshake fails.
    /// </summary>
    public string? ClientCaBundlePath { get; set; }

    /// <summary>Check revocation of client certificates. On in production; a throwaway test CA publishes no CRL.</summary>
    public bool CheckClientRevocation { get; set; } = true;

    /// <summary>OAuth2 JWT bearer tokens, when configured.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The DUI systems allowed to call, with their certificates or OAuth2 client ids, and structures.</summary>
    public List<ApiClientOptions> Clients { get; set; } = [];
}
