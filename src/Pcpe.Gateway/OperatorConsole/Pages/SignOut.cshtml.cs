using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>Signing out (a form, with its anti-forgery token): ends the console's session, then the identity
/// provider's, which sends the operator back to the signed-out page.</summary>
public sealed class SignOutModel(ILogger<SignOutModel> logger) : PageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public IActionResult OnPost()
    {
        GatewayLog.ConsoleSignedOut(logger, ConsoleAuthentication.SubjectOf(User));
        return SignOut(
            new AuthenticationProperties { RedirectUri = "/console/signed-out" },
            ConsoleAuthentication.CookieScheme,
            ConsoleAuthentication.SignInScheme);
    }
}
