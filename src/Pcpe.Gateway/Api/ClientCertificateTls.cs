using Microsoft.AspNetCore.Server.Kestrel.Https;
using Pcpe.Gateway.Configuration;
using Pcpe.Mss.Transport;

namespace Pcpe.Gateway.Api;

/// <summary>
/// Mutual TLS on Kestrel's HTTPS endpoints: a client certificate is asked for, and one that does not
/// chain to <c>Gateway:Api:ClientCaBundlePath</c> ends the handshake. Which client it is, and what it
/// may do, is decided per request by <see cref="Security.CallerAuthentication"/>.
/// </summary>
public static class ClientCertificateTls
{
    public static void Configure(WebApplicationBuilder builder)
        // Read when Kestrel is configured, from the final configuration (all sources applied).
        => builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var api = context.Configuration.GetSection($"{GatewayOptions.Section}:Api").Get<ApiOptions>() ?? new ApiOptions();
            if (api.ClientCaBundlePath is not { Length: > 0 } bundle)
            {
                return;
            }

            var trust = new CaBundleTrust(bundle, api.CheckClientRevocation);
            kestrel.ConfigureHttpsDefaults(https =>
            {
                // Allow (not require): health probes reach /health without a certificate; the API answers 401.
                https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                https.ClientCertificateValidation = (certificate, chain, _) => trust.IsTrustedClient(certificate, chain);
            });
        });
}
