namespace Pcpe.Gateway.Configuration;

/// <summary>How DUI callers are identified (<c>Gateway:Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// Accept calls without authentication, all attributed to the client <c>anonymous</c>.
    /// For the demo and local trials only: refused at start-up in the Production environment.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}
