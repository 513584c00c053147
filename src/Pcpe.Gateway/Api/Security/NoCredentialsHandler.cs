using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api.Security;

/// <summary>
/// A request with neither client certificate nor usable bearer token: the demonstration caller when
/// <c>Gateway:Api:AllowAnonymous</c>, otherwise nobody. Also answers every challenge (401) and refusal (403) of
/// the API, whichever scheme authenticated the caller: the certificate scheme's own challenge would be a 403.
/// </summary>
public sealed class NoCredentialsHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        => Task.FromResult(gateway.CurrentValue.Api.AllowAnonymous
            ? AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.Anonymous(Scheme.Name), Scheme.Name))
            : AuthenticateResult.NoResult());

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (gateway.CurrentValue.Api.Jwt.Enabled)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        return base.HandleChallengeAsync(properties);
    }
}
