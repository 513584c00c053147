using System.ComponentModel.DataAnnotations;

namespace Pcpe.Gateway.Configuration;

/// <summary>The operators' console in the browser (<c>Gateway:Console</c>): off while <see cref="Authority"/> is
/// empty. Operators sign in with OpenID Connect (authorization code + PKCE) at the structure's identity provider
/// or Pro Santé Connect.</summary>
public sealed class ConsoleOptions
{
    /// <summary>The identity provider's issuer; its <c>/.well-known/openid-configuration</c> is read.</summary>
    public Uri? Authority { get; set; }

    public string ClientId { get; set; } = string.Empty;

    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked besides <c>openid</c>.</summary>
    public List<string> Scopes { get; set; } = ["profile"];

    /// <summary>The claim of the identity provider's tokens that carries the operator's roles.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>For each console role (<c>supervisor</c>, <c>dpo</c>, <c>reader</c>), the values of
    /// <see cref="RoleClaim"/> that grant it. By default a role is granted by its own name.</summary>
    public Dictionary<string, List<string>> RoleValues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Roles given to operators by their subject (<c>sub</c>), for providers whose tokens carry no roles
    /// (Pro Santé Connect names the professional, not their rights here).</summary>
    public Dictionary<string, List<string>> Operators { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a session lasts without activity before the operator signs in again.</summary>
    [Range(1, 24 * 60)]
    public int SessionMinutes { get; set; } = 60;

    /// <summary>The longest a session lasts however active (the overview reloads itself): then the operator signs
    /// in again, with the roles the provider gives that day.</summary>
    [Range(1, 24)]
    public int MaxSessionHours { get; set; } = 10;

    /// <summary>Where the keys that protect the session cookie and the forms are kept (relative to the content
    /// root). Several instances behind one address must share this folder, or sign-ins fail on the other ones.</summary>
    public string KeysPath { get; set; } = "data/console-keys";

    public bool Enabled => Authority is not null;
}
