using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.OperatorConsole;

/// <summary>The console's pages (Razor Pages under <c>/console</c>, rendered on the server, anti-forgery on
/// every form), which page each role reaches, and the headers every console answer carries.</summary>
public static class ConsolePages
{
    public static void Add(IServiceCollection services, ConsoleOptions console, string contentRoot)
    {
        // The session cookie and the forms' tokens are protected with keys kept on disk: a restart signs no one
        // out, and instances sharing the folder accept each other's sessions.
        if (console.Enabled)
        {
            services.AddDataProtection()
                .SetApplicationName("pcpe-gateway")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(contentRoot, console.KeysPath)));
        }

        // Secure over HTTPS (the anti-forgery system refuses to issue a Secure-only token over plain http, which
        // the console is served over only on localhost), HttpOnly, and never sent by another site.
        services.AddAntiforgery(forms =>
        {
            forms.Cookie.Name = "pcpe-console-forms";
            forms.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            forms.Cookie.SameSite = SameSiteMode.Strict;
        });
        AddPages(services);
    }

    private static void AddPages(IServiceCollection services) => services.AddRazorPages(pages =>
    {
        pages.RootDirectory = "/OperatorConsole/Pages";
        // Every page needs a session; each page of the console's sections needs a role besides. A page added
        // without one is at least not open to all.
        pages.Conventions.AuthorizeFolder("/", ConsoleAuthentication.SignedInPolicy);
        foreach (var page in new[] { "/Index", "/Deliveries", "/Delivery", "/Configuration" })
        {
            pages.Conventions.AuthorizePage(page, ConsoleRoles.SeePolicy);
        }

        pages.Conventions.AuthorizePage("/Quarantine", ConsoleRoles.SupervisePolicy);
        pages.Conventions.AuthorizePage("/Person", ConsoleRoles.DpoPolicy);
        pages.Conventions.AuthorizePage("/Audit", ConsoleRoles.DpoPolicy);
        pages.Conventions.AllowAnonymousToPage("/SignedOut");
    });

    /// <summary>Maps the pages when the console is configured; they are not there otherwise.</summary>
    public static void Map(WebApplication app)
    {
        var console = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        if (!console.Enabled)
        {
            return;
        }

        var signIn = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/console"))
            {
                var headers = context.Response.Headers;
                // Everything comes from the gateway itself, no frame; forms go to it, and on to the provider
                // (signing out, or a form posted after the session ended, is redirected there: CSP checks that too).
                var provider = await ProviderOriginsAsync(signIn, console.Authority!, context.RequestAborted);
                headers.ContentSecurityPolicy =
                    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
                    + $"form-action 'self' {provider}; frame-ancestors 'none'; base-uri 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
            }

            await next(context);
        });
        app.MapRazorPages();
        app.MapGet("/console/refresh.js", () => Results.Text(RefreshScript, "text/javascript"))
            .RequireAuthorization(ConsoleRoles.SeePolicy)
            .ExcludeFromDescription();
    }

    // The provider's own origin and those of its authorization and end-session endpoints (Pro Santé Connect puts
    // them on other hosts than its issuer), from its discovery document, which the sign-in scheme caches.
    private static async Task<string> ProviderOriginsAsync(IOptionsMonitor<OpenIdConnectOptions> signIn, Uri authority, CancellationToken cancellationToken)
    {
        var origins = new HashSet<string>(StringComparer.Ordinal) { authority.GetLeftPart(UriPartial.Authority) };
        try
        {
            if (signIn.Get(ConsoleAuthentication.SignInScheme).ConfigurationManager is { } discovery)
            {
                var configuration = await discovery.GetConfigurationAsync(cancellationToken);
                foreach (var endpoint in new[] { configuration.AuthorizationEndpoint, configuration.EndSessionEndpoint })
                {
                    if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
                    {
                        origins.Add(uri.GetLeftPart(UriPartial.Authority));
                    }
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The provider cannot be reached now: its issuer's origin serves, and sign-in itself will say more.
        }

        return string.Join(' ', origins);
    }

    // The overview reloads itself every 30 s until the operator pauses it (WCAG 2.2.1: a timed change the
    // user can stop); the choice lasts for the browser tab.
    private const string RefreshScript = """
        (() => {
          const button = document.getElementById('refresh-toggle');
          if (!button) return;
          const key = 'pcpe-console-refresh-paused';
          const label = () => {
            const paused = sessionStorage.getItem(key) === '1';
            button.textContent = paused ? "Reprendre l'actualisation automatique" : "Mettre en pause l'actualisation automatique";
            button.setAttribute('aria-pressed', paused ? 'true' : 'false');
          };
          button.hidden = false;
          label();
          button.addEventListener('click', () => {
            sessionStorage.setItem(key, sessionStorage.getItem(key) === '1' ? '0' : '1');
            label();
          });
          setInterval(() => { if (sessionStorage.getItem(key) !== '1') location.reload(); }, 30000);
        })();
        """;
}
