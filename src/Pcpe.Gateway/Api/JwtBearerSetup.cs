using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Api;

/// <summary>Configures ASP.NET Core's JWT bearer handler from <c>Gateway:Api:Jwt</c> at start-up.</summary>
public static class JwtBearerSetup
{
    public static void Configure(IServiceCollection services)
    {
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ApiOptions>>((bearer, gateway) =>
            {
                var jwt = gateway.Value.Jwt;
                bearer.MapInboundClaims = false;
                bearer.Authority = jwt.Authority is { Length: > 0 } authority ? authority : null;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = jwt.Issuer is { Length: > 0 },
                    ValidIssuer = jwt.Issuer,
                    ValidateAudience = true,
                    ValidAudience = jwt.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromMinutes(1),
                    IssuerSigningKey = jwt.SigningKeyPath is { Length: > 0 } path ? LoadKey(path) : null,
                };
            });
    }

    private static RsaSecurityKey LoadKey(string path)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return new RsaSecurityKey(rsa);
    }
}
