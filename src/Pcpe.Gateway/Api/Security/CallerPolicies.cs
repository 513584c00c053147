namespace Pcpe.Gateway.Api.Security;

/// <summary>Who may call an endpoint: the policies route groups require, and what the API contract says of each.</summary>
public static class CallerPolicies
{
    /// <summary>Any configured client (DUI, operator, or the demonstration caller).</summary>
    public const string DuiClient = "dui-client";

    /// <summary>A configured client with <c>Operator: true</c>.</summary>
    public const string Operator = "operator";

    public static void Add(IServiceCollection services) => services.AddAuthorizationBuilder()
        .AddPolicy(DuiClient, policy => policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.ClientId))
        .AddPolicy(Operator, policy => policy.RequireAuthenticatedUser().RequireClaim(CallerClaims.ClientId).RequireRole(CallerClaims.OperatorRole));
}
