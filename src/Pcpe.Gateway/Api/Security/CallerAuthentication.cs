using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api.Security;

/// <summary>
/// How the API knows its caller, with ASP.NET Core's schemes: a TLS client certificate (chained to
/// <c>Gateway:Api:ClientCaBundlePath</c>, matched by SHA-256 thumbprint), or an OAuth2 bearer token over HTTPS
/// (JWT, matched by client id), or neither (the demonstration caller, or nobody). A credential of no configured
/// client fails its scheme: the answer is 401, as with no credential at all.
/// </summary>
public static class CallerAuthentication
{
    /// <summary>The default scheme: picks the scheme of the credential the request carries.</summary>
    public const string Scheme = "caller";

    private const string NoCredentials = "no-credentials";

    public static void Add(IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "The caller's credential", policy =>
            {
                policy.ForwardDefaultSelector = Select;
                // The certificate scheme would answer a challenge with 403; every refusal is told alike.
                policy.ForwardChallenge = NoCredentials;
                policy.ForwardForbid = NoCredentials;
            })
            .AddCertificate()
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, NoCredentialsHandler>(NoCredentials, null);
        services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<ApiOptions>>((certificate, api) => ConfigureCertificates(certificate, api.Value));
        JwtBearerSetup.Configure(services);
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .PostConfigure(bearer => bearer.Events = new JwtBearerEvents { OnTokenValidated = IdentifyTokenClient });
    }

    private static string Select(HttpContext context)
    {
        if (context.Connection.ClientCertificate is not null)
        {
            return CertificateAuthenticationDefaults.AuthenticationScheme;
        }

        // A bearer token sent in clear is as good as leaked: it is only looked at over HTTPS.
        var api = context.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Api;
        var bearer = context.Request.Headers.Authorization.Any(h => h?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true);
        return api.Jwt.Enabled && bearer && context.Request.IsHttps ? JwtBearerDefaults.AuthenticationScheme : NoCredentials;
    }

    // Kestrel checked the chain at the handshake; the scheme checks it again against the same anchors, so that
    // no certificate is taken without that check whatever the TLS set-up.
    private static void ConfigureCertificates(CertificateAuthenticationOptions certificate, ApiOptions api)
    {
        certificate.AllowedCertificateTypes = CertificateTypes.Chained;
        certificate.ValidateCertificateUse = true;
        certificate.ValidateValidityPeriod = true;
        certificate.RevocationMode = api.CheckClientRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        if (api.ClientCaBundlePath is { Length: > 0 } bundle)
        {
            certificate.CustomTrustStore.ImportFromPemFile(bundle);
        }

        certificate.Events = new CertificateAuthenticationEvents { OnCertificateValidated = IdentifyCertificateClient };
    }

    private static Task IdentifyCertificateClient(CertificateValidatedContext context)
    {
        var api = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Api;
        var thumbprint = Convert.ToHexString(context.ClientCertificate.GetCertHash(HashAlgorithmName.SHA256));
        if (api.Clients.FirstOrDefault(c => c.CertificateThumbprints.Contains(thumbprint, StringComparer.OrdinalIgnoreCase)) is { } client)
        {
            context.Principal = CallerClaims.For(client, context.Scheme.Name);
            context.Success();
        }
        else
        {
            context.Fail("the certificate is not one of a configured client");
        }

        return Task.CompletedTask;
    }

    private static Task IdentifyTokenClient(TokenValidatedContext context)
    {
        var api = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<GatewayOptions>>().CurrentValue.Api;
        var clientId = context.Principal?.FindFirst("client_id")?.Value ?? context.Principal?.FindFirst("azp")?.Value;
        if (clientId is not null && api.Clients.FirstOrDefault(c => c.OAuthClientIds.Contains(clientId, StringComparer.Ordinal)) is { } client)
        {
            context.Principal = CallerClaims.For(client, context.Scheme.Name);
        }
        else
        {
            context.Fail("the token is not one of a configured client");
        }

        return Task.CompletedTask;
    }
}
