using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>Where signing out ends, open to all: it says the session is over.</summary>
public sealed class SignedOutModel : PageModel
{
    public void OnGet()
    {
    }
}
