using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pcpe.Documents.Pdf;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.OperatorConsole.Pages;

/// <summary>
/// A person's rights, for the DPO: found by INS or by structure and local identifier (always posted, never in a
/// URL), their disclosures and blocked attempts, their consent history, and erasure after a confirmation that
/// says what goes and what the audit keeps. The page carries the person's pseudonymous reference from one step
/// to the next, not their INS.
/// </summary>
public sealed class PersonModel(GatewayStore store, RecipientDirectory recipients, TimeProvider time, ILogger<PersonModel> logger)
    : PageModel
{
    [BindProperty]
    public string? Ins { get; set; }

    [BindProperty]
    public string? Finess { get; set; }

    [BindProperty]
    public string? LocalId { get; set; }

    /// <summary>The person found, as the store files them (a keyed hash).</summary>
    [BindProperty]
    public string? PersonRef { get; set; }

    public string? Problem { get; private set; }

    public PersonHoldings? Holdings { get; private set; }

    public IReadOnlyList<DisclosureView> Disclosures { get; private set; } = [];

    public IReadOnlyList<StoredConsent> Consents { get; private set; } = [];

    public bool ConfirmingErasure { get; private set; }

    public PersonErasure? Erased { get; private set; }

    public IReadOnlyDictionary<string, RecipientOptions> Configured => recipients.All();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostFindAsync(CancellationToken cancellationToken)
    {
        string? key = null;
        if (!string.IsNullOrWhiteSpace(Ins))
        {
            Problem = InsNumber.Check(Ins.Trim());
            key = Problem is null ? PersonKeys.Ins(Ins.Trim()) : null;
        }
        else if (!string.IsNullOrWhiteSpace(Finess) || !string.IsNullOrWhiteSpace(LocalId))
        {
            Problem = FinessNumber.Check(Finess?.Trim())
                ?? (string.IsNullOrWhiteSpace(LocalId) ? "l'identifiant local est requis avec le FINESS" : null);
            key = Problem is null ? PersonKeys.Local(Finess!.Trim(), LocalId!.Trim()) : null;
        }
        else
        {
            Problem = "Saisissez un INS, ou un FINESS et l'identifiant local de la personne dans cette structure.";
        }

        // The identifiers typed are not sent back in the page.
        Ins = Finess = LocalId = null;
        if (key is null)
        {
            return Page();
        }

        PersonRef = store.PersonRefOf(key);
        await LoadAsync(cancellationToken);
        GatewayLog.ConsolePersonLookedUp(logger, Operator, Holdings!.AuditEvents + Holdings.Submissions > 0 ? "known" : "unknown");
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewErasureAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(PersonRef))
        {
            return RedirectToPage();
        }

        ConfirmingErasure = true;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(PersonRef))
        {
            return RedirectToPage();
        }

        Erased = await store.ErasePersonAsync(PersonRef, time.GetUtcNow(), cancellationToken);
        GatewayLog.ConsolePersonErased(logger, Erased.Submissions, Erased.Blocked.Count, Erased.InFlight, Operator);
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The person's access report as a PDF, from the audit trail.</summary>
    public async Task<IActionResult> OnPostReportAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(PersonRef))
        {
            return RedirectToPage();
        }

        await LoadAsync(cancellationToken);
        var entries = Disclosures.Select(e => new AccessReportEntry(
                e.At,
                e.Outcome == "disclosed",
                Configured.GetValueOrDefault(e.RecipientId)?.DisplayName ?? e.RecipientId,
                $"{ConsoleText.Kind(e.Kind)}, version {e.DocumentVersion}",
                e.LegalBasis ?? e.Reason ?? "—"))
            .ToList();
        var pdf = AccessReportPdfRenderer.Render(entries, "le délégué à la protection des données", time.GetUtcNow(), ConsoleText.Zone);
        GatewayLog.ConsoleAccessReport(logger, Operator, entries.Count);
        return File(pdf, "application/pdf", "releve-des-communications.pdf");
    }

    private string Operator => ConsoleAuthentication.SubjectOf(User);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Holdings = await store.PersonHoldingsAsync(PersonRef!, cancellationToken);
        Disclosures = await store.DisclosuresAsync(PersonRef!, cancellationToken);
        Consents = await store.ConsentHistoryAsync(PersonRef!, cancellationToken);
    }
}
