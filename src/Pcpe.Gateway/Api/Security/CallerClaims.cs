using System.Security.Claims;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Intake;

namespace Pcpe.Gateway.Api.Security;

/// <summary>
/// The caller as the authentication schemes leave it on <see cref="HttpContext.User"/>: the configured client it
/// is, the structures it may push for, and whether it is an operator. Every scheme yields the same claims.
/// </summary>
public static class CallerClaims
{
    public const string ClientId = "pcpe:client";
    public const string Structure = "pcpe:structure";
    public const string AnyStructure = "pcpe:any-structure";
    public const string OperatorRole = "operator";

    /// <summary>The principal of a configured client, authenticated by <paramref name="scheme"/>.</summary>
    public static ClaimsPrincipal For(ApiClientOptions client, string scheme)
    {
        var claims = new List<Claim> { new(ClientId, client.Id) };
        claims.AddRange(client.Structures.Select(finess => new Claim(Structure, finess)));
        if (client.Operator)
        {
            claims.Add(new Claim(ClaimTypes.Role, OperatorRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClientId, ClaimTypes.Role));
    }

    /// <summary>The demonstration caller of <c>Gateway:Api:AllowAnonymous</c>: an operator of every structure.</summary>
    public static ClaimsPrincipal Anonymous(string scheme) => new(new ClaimsIdentity(
        [new Claim(ClientId, "anonymous"), new Claim(AnyStructure, "true"), new Claim(ClaimTypes.Role, OperatorRole)],
        scheme, ClientId, ClaimTypes.Role));

    /// <summary>The caller of an endpoint that requires one (its authorisation policy ran before it).</summary>
    public static CallerIdentity Caller(this ClaimsPrincipal user)
    {
        var clientId = user.FindFirst(ClientId)?.Value
            ?? throw new InvalidOperationException("The endpoint is reached without an authenticated caller: it lacks its authorisation policy.");
        IReadOnlySet<string>? structures = user.HasClaim(c => c.Type == AnyStructure)
            ? null
            : user.FindAll(Structure).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new CallerIdentity(clientId, structures, user.IsInRole(OperatorRole));
    }
}
