using Pcpe.Gateway.OperatorConsole;

namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Console</c>: the identity provider operators sign in with, and the roles it grants.</summary>
public sealed class ConsoleSectionValidator(IHostEnvironment environment) : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        var console = options.Console;
        Annotations(console, "Gateway:Console", problems);
        if (!console.Enabled)
        {
            return;
        }

        if (console.Authority is { IsAbsoluteUri: false } or { Scheme: not "https" and not "http" })
        {
            problems.Add("Gateway:Console:Authority must be an absolute https URL (the identity provider's issuer)");
        }
        else if (console.Authority!.Scheme == "http" && environment.IsProduction())
        {
            problems.Add("Gateway:Console:Authority must use https in Production: sign-in answers travel through it");
        }

        if (string.IsNullOrWhiteSpace(console.ClientId))
        {
            problems.Add("Gateway:Console:ClientId is required: the console's client at the identity provider");
        }

        foreach (var role in console.RoleValues.Keys.Concat(console.Operators.Values.SelectMany(r => r)))
        {
            if (!ConsoleRoles.All.Contains(role))
            {
                problems.Add($"Gateway:Console: '{role}' is no console role ({string.Join(", ", ConsoleRoles.All)})");
            }
        }
    }
}
