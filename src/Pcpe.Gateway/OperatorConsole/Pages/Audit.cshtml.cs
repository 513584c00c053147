using Microsoft.AspNetCore.Mvc.RazorPages;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>The audit trail's hash chain verified on demand, with the first event that breaks it.</summary>
public sealed class AuditModel(GatewayStore store, ILogger<AuditModel> logger) : PageModel
{
    public AuditVerification? Verification { get; private set; }

    public void OnGet()
    {
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        Verification = await store.VerifyAuditAsync(cancellationToken);
        GatewayLog.ConsoleAuditVerified(
            logger,
            ConsoleAuthentication.SubjectOf(User),
            Verification.Events,
            Verification.Intact);
    }
}
