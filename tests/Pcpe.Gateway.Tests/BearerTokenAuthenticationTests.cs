using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>DUI systems identified by OAuth2 access tokens (JWT, client-credentials grant).</summary>
public sealed class BearerTokenAuthenticationTests : IDisposable
{
    private const string Issuer = "https://auth.pcpe.test";
    private const string Audience = "pcpe-gateway";
    private readonly RSA _authorityKey = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly string _publicKeyFile = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pem");

    public BearerTokenAuthenticationTests() => File.WriteAllText(_publicKeyFile, _authorityKey.ExportSubjectPublicKeyInfoPem());

    public void Dispose()
    {
        File.Delete(_publicKeyFile);
        _authorityKey.Dispose();
        _otherKey.Dispose();
    }

    private Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(StoreProvider.Sqlite, new()
    {
        ["Gateway:Api:AllowAnonymous"] = "false",
        ["Gateway:Api:Jwt:SigningKeyPath"] = _publicKeyFile,
        ["Gateway:Api:Jwt:Issuer"] = Issuer,
        ["Gateway:Api:Jwt:Audience"] = Audience,
        ["Gateway:Api:Clients:0:Id"] = "dui-gamma",
        ["Gateway:Api:Clients:0:OAuthClientIds:0"] = "dui-gamma-app",
        ["Gateway:Api:Clients:0:Structures:0"] = GatewayTestHost.Structure,
        ["Gateway:Routes:0:Recipients:1"] = null,
    });

    private string Token(string clientId = "dui-gamma-app", string audience = Audience, DateTime? expires = null, RSA? key = null)
        => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("client_id", clientId)]),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(5)).AddMinutes(-10),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? _authorityKey), SecurityAlgorithms.RsaSha256),
        });

    private static Task<HttpResponseMessage> PushAsync(GatewayTestHost host, string token) => PushAsync(host.Client, token);

    private static async Task<HttpResponseMessage> PushAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/plans")
        {
            Content = new StringContent(File.ReadAllText(Pcpe.Testing.TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_valid_access_token_of_a_configured_client_is_accepted()
    {
        await using var host = await StartAsync();
        using var response = await PushAsync(host, Token());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_sent_over_plain_HTTP_is_not_looked_at()
    {
        await using var host = await StartAsync();
        using var plain = host.PlainHttpClient();
        using var response = await PushAsync(plain, Token());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task Tokens_that_are_forged_expired_for_another_audience_or_of_an_unknown_client_get_401()
    {
        await using var host = await StartAsync();
        string[] refused =
        [
            Token(key: _otherKey),
            Token(expires: DateTime.UtcNow.AddMinutes(-10)),
            Token(audience: "another-service"),
            Token(clientId: "someone-else"),
            "not-a-jwt",
        ];

        foreach (var token in refused)
        {
            using var response = await PushAsync(host, token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(0, await host.CountAsync("submissions"));
    }
}
