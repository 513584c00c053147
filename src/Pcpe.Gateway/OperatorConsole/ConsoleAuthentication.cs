using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.OperatorConsole;

/// <summary>
/// How operators sign in to the console, with ASP.NET Core's schemes: OpenID Connect (authorization code + PKCE)
/// at the configured identity provider, then a session cookie (secure, HttpOnly, SameSite=Lax, sliding) that
/// holds only who they are and their console roles. The JSON API keeps its own schemes.
/// </summary>
public static class ConsoleAuthentication
{
    public const string CookieScheme = "console";
    public const string SignInScheme = "console-oidc";

    /// <summary>Policy: signed in to the console, whatever the roles (the page that says a role is missing).</summary>
    public const string SignedInPolicy = "console-signed-in";

    /// <summary>When the operator signed in (Unix seconds): a session ends <see cref="ConsoleOptions.MaxSessionHours"/>
    /// after it however active (the overview's refresh would otherwise keep it alive, with the roles of that day).</summary>
    public const string SignedInAtClaim = "signed_in_at";

    /// <summary>The claim that names the operator in the console's log lines: their subject at the provider.</summary>
    public const string OperatorClaim = "sub";

    /// <param name="services">The host's services.</param>
    /// <param name="enabled">Whether <c>Gateway:Console:Authority</c> is set: without it the schemes are not
    /// registered (an OpenID Connect scheme without its provider cannot even be listed), only the policies.</param>
    public static void Add(IServiceCollection services, bool enabled)
    {
        AddPolicies(services);
        if (!enabled)
        {
            return;
        }

        services.AddAuthentication()
            .AddCookie(CookieScheme)
            .AddOpenIdConnect(SignInScheme, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<ConsoleOptions>>((cookie, console) => ConfigureCookie(cookie, console.Value));
        services.AddOptions<OpenIdConnectOptions>(SignInScheme)
            .Configure<IOptions<ConsoleOptions>, IHostEnvironment>((oidc, console, environment)
                => ConfigureSignIn(oidc, console.Value, environment));
    }

    private static void AddPolicies(IServiceCollection services)
        => services.AddAuthorizationBuilder()
            .AddPolicy(SignedInPolicy, policy => Console(policy))
            .AddPolicy(ConsoleRoles.SeePolicy, policy => Console(policy).RequireRole(ConsoleRoles.All))
            .AddPolicy(ConsoleRoles.SupervisePolicy, policy => Console(policy).RequireRole(ConsoleRoles.Supervisor))
            .AddPolicy(ConsoleRoles.DpoPolicy, policy => Console(policy).RequireRole(ConsoleRoles.Dpo));

    private static Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder Console(
        Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy)
        => policy.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser();

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, ConsoleOptions console)
    {
        // __Host-: sent only to this origin over a secure connection, never shared with a subdomain.
        cookie.Cookie.Name = "__Host-pcpe-console";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.Cookie.Path = "/";
        cookie.ExpireTimeSpan = TimeSpan.FromMinutes(console.SessionMinutes);
        cookie.SlidingExpiration = true;
        cookie.AccessDeniedPath = "/console/denied";
        cookie.ForwardChallenge = SignInScheme;
        cookie.Events.OnSigningIn = context =>
        {
            var signedInAt = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            context.Principal = OperatorOf(context.Principal!, console, signedInAt);
            // Of the provider's tokens only the id token is kept, to end its session at sign-out: the access token
            // would carry what the provider says of the professional, and the console calls nothing with it.
            context.Properties.StoreTokens(context.Properties.GetTokens().Where(t => t.Name == "id_token").ToList());
            GatewayLog.ConsoleSignedIn(
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleAuthentication)),
                SubjectOf(context.Principal),
                string.Join(",", context.Principal.FindAll(ClaimTypes.Role).Select(r => r.Value)));
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = context =>
        {
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!long.TryParse(context.Principal?.FindFirstValue(SignedInAtClaim), out var at)
                || now - DateTimeOffset.FromUnixTimeSeconds(at) > TimeSpan.FromHours(console.MaxSessionHours))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
    }

    private static void ConfigureSignIn(OpenIdConnectOptions oidc, ConsoleOptions console, IHostEnvironment environment)
    {
        oidc.SignInScheme = CookieScheme;
        if (console.Authority is { } authority)
        {
            oidc.Authority = authority.ToString().TrimEnd('/');
            // Plain http is refused in Production by ConsoleSectionValidator; elsewhere a test provider may use it.
            oidc.RequireHttpsMetadata = authority.Scheme == Uri.UriSchemeHttps || environment.IsProduction();
        }

        oidc.ClientId = console.ClientId;
        oidc.ClientSecret = console.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        // Saved to the session's properties, then all but the id token dropped at sign-in (see ConfigureCookie).
        oidc.SaveTokens = true;
        oidc.CallbackPath = "/signin-oidc";
        oidc.SignedOutCallbackPath = "/signout-callback-oidc";
        oidc.SignedOutRedirectUri = "/console/signed-out";
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        foreach (var scope in console.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.ClaimActions.MapJsonKey(console.RoleClaim, console.RoleClaim);
        oidc.TokenValidationParameters.NameClaimType = "name";
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
    }

    /// <summary>Who the operator is, as the console's log lines name them: their subject at the provider.</summary>
    public static string SubjectOf(ClaimsPrincipal user) => user.FindFirst(OperatorClaim)?.Value ?? "unknown";

    /// <summary>The session keeps the operator's subject, display name and console roles, nothing else the
    /// provider said (a professional's identifiers, their e-mail), and the id token for sign-out.</summary>
    internal static ClaimsPrincipal OperatorOf(ClaimsPrincipal signedIn, ConsoleOptions console, DateTimeOffset signedInAt)
    {
        var subject = signedIn.FindFirstValue("sub") ?? string.Empty;
        var granted = signedIn.FindAll(console.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var roles = ConsoleRoles.All.Where(role =>
                (console.RoleValues.TryGetValue(role, out var values) ? values : [role]).Any(granted.Contains)
                || (console.Operators.TryGetValue(subject, out var given) && given.Contains(role)))
            .ToList();
        var identity = new ClaimsIdentity(CookieScheme, "name", ClaimTypes.Role);
        identity.AddClaim(new Claim(OperatorClaim, subject));
        identity.AddClaim(new Claim("name", signedIn.FindFirstValue("name") ?? subject));
        identity.AddClaim(new Claim(SignedInAtClaim, signedInAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        identity.AddClaims(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(identity);
    }
}
