using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Intake;

namespace Pcpe.Gateway.Api;

/// <summary>
/// Turns a request into the DUI client it comes from: the TLS client certificate (already chained to
/// the configured CAs by Kestrel) matched by SHA-256 thumbprint to <c>Gateway:Api:Clients</c>. Null
/// when the caller is unknown, which the API answers with 401.
/// </summary>
public sealed class CallerResolver(IOptionsMonitor<GatewayOptions> options)
{
    public CallerIdentity? Resolve(HttpContext context)
    {
        var api = options.CurrentValue.Api;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            var client = api.Clients.FirstOrDefault(c => c.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase));
            return client is null ? null : new CallerIdentity(client.Id, client.Structures.ToHashSet(StringComparer.Ordinal));
        }

        return api.AllowAnonymous ? new CallerIdentity("anonymous", null) : null;
    }
}
