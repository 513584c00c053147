using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Intake;

namespace Pcpe.Gateway.Api;

/// <summary>
/// Turns a request into the DUI client it comes from: by its TLS client certificate (already chained to
/// the configured CAs by Kestrel), matched by SHA-256 thumbprint, or by its OAuth2 bearer token (JWT
/// validated for signature, issuer, audience and lifetime), matched by client id. Null when the
/// caller is unknown, which the API answers with 401.
/// </summary>
public sealed class CallerResolver(IOptionsMonitor<GatewayOptions> options)
{
    public async Task<CallerIdentity?> ResolveAsync(HttpContext context)
    {
        var api = options.CurrentValue.Api;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            var thumbprint = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
            return Identity(api.Clients.FirstOrDefault(c => c.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase)));
        }

        // A bearer token sent in clear is as good as leaked: it is only looked at over HTTPS.
        if (api.Jwt.Enabled && context.Request.IsHttps && context.Request.Headers.Authorization.Any(h => h?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true))
        {
            var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
            var clientId = result.Principal?.FindFirst("client_id")?.Value ?? result.Principal?.FindFirst("azp")?.Value;
            return clientId is null ? null : Identity(api.Clients.FirstOrDefault(c => c.OAuthClientIds.Contains(clientId, StringComparer.Ordinal)));
        }

        return api.AllowAnonymous ? new CallerIdentity("anonymous", null, IsOperator: true) : null;
    }

    private static CallerIdentity? Identity(ApiClientOptions? client)
        => client is null ? null : new CallerIdentity(client.Id, client.Structures.ToHashSet(StringComparer.Ordinal), client.Operator);
}
