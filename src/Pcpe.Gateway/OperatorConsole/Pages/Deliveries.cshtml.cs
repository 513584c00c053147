using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pcpe.Fhir.Model;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Delivery;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>Deliveries by status, recipient, document kind and date, page by page; a recipient's dead letters
/// replayed after a confirmation that says how many go back.</summary>
public sealed class DeliveriesModel(
    GatewayStore store,
    RecipientDirectory recipients,
    DeliverySignal signal,
    IAuthorizationService authorization,
    TimeProvider time,
    ILogger<DeliveriesModel> logger) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> Kinds = [DocumentKinds.Plan, DocumentKinds.Assessment, DocumentKinds.Transition];

    [BindProperty(SupportsGet = true)]
    public DeliveryStatus Status { get; set; } = DeliveryStatus.DeadLettered;

    [BindProperty(SupportsGet = true)]
    public string? Recipient { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>Changed on or after this day (yyyy-MM-dd, French time).</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    /// <summary>Changed on or before this day.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public DeliveryListPage Listed { get; private set; } = new([], null);

    public IReadOnlyDictionary<string, RecipientOptions> Configured => recipients.All();

    public bool MaySupervise { get; private set; }

    /// <summary>What a recipient replay would do, asked before it is done.</summary>
    public DeadLetterReplay? ReplayPreview { get; private set; }

    /// <summary>What a confirmed recipient replay did.</summary>
    public DeadLetterReplay? ReplayDone { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostPreviewReplayAsync(CancellationToken cancellationToken)
        => ForRecipientAsync(
            async recipient => ReplayPreview = await store.CountReplayableAsync(recipient, Since, cancellationToken),
            cancellationToken);

    public Task<IActionResult> OnPostReplayAsync(CancellationToken cancellationToken)
        => ForRecipientAsync(
            async recipient =>
            {
                ReplayDone = await store.ReplayDeadLettersAsync(recipient, Since, time.GetUtcNow(), cancellationToken);
                GatewayLog.ConsoleDeadLettersReplayed(logger, ReplayDone.Replayed, ReplayDone.NotReplayable, recipient, Operator);
                // The worker decides the legal basis again before sending, as for every attempt.
                signal.Notify();
            },
            cancellationToken);

    public string PageLink(string? after)
    {
        var query = new List<string> { $"status={Status}" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("recipient", Recipient);
        Add("kind", Kind);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("after", after);
        return "/console/deliveries?" + string.Join("&", query);
    }

    private string Operator => ConsoleAuthentication.SubjectOf(User);

    private DateTimeOffset? Since => Sane(From) is { } from ? ConsoleText.StartOfDay(from) : null;

    private DateTimeOffset? Until => Sane(To) is { } to ? ConsoleText.StartOfDay(to.AddDays(1)) : null;

    // A day the gateway can hold deliveries of; another (a typed 0001 or 9999) filters nothing rather than failing.
    private static DateOnly? Sane(DateOnly? day) => day is { Year: >= 2000 and <= 2200 } ? day : null;

    // A replay's two steps: a supervisor, a configured recipient, then the step; the page again either way.
    private async Task<IActionResult> ForRecipientAsync(Func<string, Task> step, CancellationToken cancellationToken)
    {
        if (!await SupervisesAsync())
        {
            return Forbid(ConsoleAuthentication.CookieScheme);
        }

        if (Recipient is null || recipients.Find(Recipient) is null)
        {
            Problem = "Choisissez le destinataire dont les envois en échec repartent.";
        }
        else
        {
            await step(Recipient);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> SupervisesAsync()
        => (await authorization.AuthorizeAsync(User, ConsoleRoles.SupervisePolicy)).Succeeded;

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        MaySupervise = await SupervisesAsync();
        var cursor = After is null ? null : DeliveryListCursor.FromToken(After);
        Listed = await store.ListDeliveriesAsync(
            new DeliveryListQuery(Status, string.IsNullOrEmpty(Recipient) ? null : Recipient, cursor, PageSize)
            {
                Kind = string.IsNullOrEmpty(Kind) ? null : Kind,
                Since = Since,
                Until = Until,
            },
            cancellationToken);
    }
}
