using System.Security.Claims;

namespace Pcpe.Gateway.OperatorConsole;

/// <summary>The console's sections an operator's roles open to them, in the order of the menu, and the French
/// names of their roles.</summary>
public static class ConsoleNavigation
{
    public static IEnumerable<(string Section, string Href, string Label)> Sections(ClaimsPrincipal user)
    {
        var sees = ConsoleRoles.All.Any(user.IsInRole);
        if (sees)
        {
            yield return ("overview", "/console", "Vue d'ensemble");
            yield return ("deliveries", "/console/deliveries", "Envois");
        }

        if (user.IsInRole(ConsoleRoles.Supervisor))
        {
            yield return ("quarantine", "/console/quarantine", "Quarantaine");
        }

        if (user.IsInRole(ConsoleRoles.Dpo))
        {
            yield return ("person", "/console/person", "Droits des personnes");
            yield return ("audit", "/console/audit", "Journal d'audit");
        }

        if (sees)
        {
            yield return ("configuration", "/console/configuration", "Configuration");
        }
    }

    public static IEnumerable<string> RoleNames(ClaimsPrincipal user)
    {
        var names = new Dictionary<string, string>
        {
            [ConsoleRoles.Supervisor] = "superviseur",
            [ConsoleRoles.Dpo] = "DPO",
            [ConsoleRoles.Reader] = "lecture seule",
        };
        var held = ConsoleRoles.All.Where(user.IsInRole).Select(r => names[r]).ToList();
        return held.Count == 0 ? ["aucun rôle"] : held;
    }
}
