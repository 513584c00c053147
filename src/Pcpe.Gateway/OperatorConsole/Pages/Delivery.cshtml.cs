using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>One delivery: its submission, its legal basis or the reason it was blocked, every attempt and the
/// receipt; a dead letter replayed.</summary>
public sealed class DeliveryModel(
    GatewayStore store,
    RecipientDirectory recipients,
    DeliverySignal signal,
    IAuthorizationService authorization,
    TimeProvider time,
    ILogger<DeliveryModel> logger) : PageModel
{
    public DeliveryDetail Detail { get; private set; } = null!;

    public RecipientOptions? Recipient { get; private set; }

    public bool MaySupervise { get; private set; }

    public bool Replayed { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
        => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, ConsoleRoles.SupervisePolicy)).Succeeded)
        {
            return Forbid(ConsoleAuthentication.CookieScheme);
        }

        if (await store.ReplayAsync(id, time.GetUtcNow(), cancellationToken) is null)
        {
            Problem = "Seul un envoi en échec dont le contenu est conservé peut être rejoué. Un envoi bloqué n'a pas de "
                + "base légale : corrigez les informations de partage et renvoyez le document.";
        }
        else
        {
            Replayed = true;
            GatewayLog.ConsoleDeliveryReplayed(logger, id, ConsoleAuthentication.SubjectOf(User));
            signal.Notify();
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await store.DeliveryDetailAsync(id, cancellationToken) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        Recipient = recipients.Find(detail.Delivery.RecipientId);
        MaySupervise = (await authorization.AuthorizeAsync(User, ConsoleRoles.SupervisePolicy)).Succeeded;
        return true;
    }
}
