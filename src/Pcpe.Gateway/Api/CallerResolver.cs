using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Intake;

namespace Pcpe.Gateway.Api;

/// <summary>Turns an authenticated HTTP request into the DUI client it comes from; null when unknown.</summary>
public sealed class CallerResolver(IOptionsMonitor<GatewayOptions> options)
{
    public CallerIdentity? Resolve(HttpContext context)
    {
        _ = context;
        return options.CurrentValue.Api.AllowAnonymous ? new CallerIdentity("anonymous", null) : null;
    }
}
