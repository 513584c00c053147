using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Mail;

/// <summary>
/// Obtains bearer tokens for the applicative mailbox by the OAuth2 client-credentials grant and keeps
/// each until a minute before it expires. Pcpe.Mss asks for a token at every (re)connection.
/// </summary>
public sealed class ClientCredentialsTokenSource(IHttpClientFactory httpClients, IOptions<MssGatewayOptions> options, TimeProvider time)
{
    public const string HttpClientName = "oauth";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (string Token, DateTimeOffset Until)? _cached;

    /// <summary>What a mail connection to <paramref name="endpoint"/> logs in with: a token of this source when it
    /// uses OAuth2, none otherwise.</summary>
    public Func<CancellationToken, Task<string>>? For(Pcpe.Mss.Transport.MailEndpointOptions endpoint)
        => endpoint.Authentication == Pcpe.Mss.Transport.MailAuthentication.OAuth2 ? GetTokenAsync : null;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.Until > time.GetUtcNow())
            {
                return cached.Token;
            }

            var oauth = options.Value.OAuth;
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = oauth.ClientId ?? string.Empty,
                ["client_secret"] = oauth.ClientSecret ?? string.Empty,
            };
            if (oauth.Scope is { Length: > 0 } scope)
            {
                form["scope"] = scope;
            }

            using var content = new FormUrlEncodedContent(form);
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(oauth.TokenEndpoint, content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new Pcpe.Mss.Transport.MailTransportException($"the OAuth2 token endpoint refused the gateway's client credentials (HTTP {(int)response.StatusCode})");
            }

            var token = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new Pcpe.Mss.Transport.MailTransportException("the OAuth2 token endpoint returned no token");
            _cached = (token.AccessToken, time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, token.ExpiresIn - 60)));
            return token.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
