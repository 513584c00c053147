using Microsoft.Playwright;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests.OperatorConsole;

/// <summary>
/// An operator's day in the console, in a real browser, against a gateway that received real pushes: the overview
/// counts what each partner holds, the dead letters are found, read and replayed once the platform recovers, a
/// person's data are erased (what was queued for them is blocked), the audit chain is verified, and signing out
/// ends the session. Every page is checked by axe-core and photographed for docs/console.md.
/// </summary>
public class ConsoleJourneyTests
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_supervisor_and_DPO_replays_the_dead_letters_erases_a_person_and_verifies_the_audit(StoreProvider provider)
    {
        await using var gateway = await ConsoleGateway.StartAsync(provider);
        for (var person = 1; person <= 3; person++)
        {
            await gateway.PushPlanAsync(person);
        }

        await gateway.PushAssessmentAsync(4);
        await gateway.WaitForAsync("DeadLettered", ConsoleGateway.Platform, 3);
        await gateway.WaitForAsync("RetryScheduled", ConsoleGateway.Dui, 4);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.SignInAsync(gateway, "both");
        var shots = provider == StoreProvider.Sqlite;

        // The overview: three plans refused by the platform, four documents waiting for the DUI.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Vue d'ensemble");
        var platform = page.Locator($"tr[data-recipient={ConsoleGateway.Platform}]");
        var dui = page.Locator($"tr[data-recipient={ConsoleGateway.Dui}]");
        await Expect(platform.Locator("[data-count=DeadLettered]")).ToHaveTextAsync("3");
        await Expect(platform.Locator("th")).ToHaveTextAsync("Plateforme e-parcours Occitanie");
        await Expect(dui.Locator("[data-count=RetryScheduled]")).ToHaveTextAsync("4");
        await Expect(dui).ToContainTextAsync("ouvert (pause)");
        await Expect(page.Locator("figcaption")).ToContainTextAsync("4 documents reçus");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "overview");
        }

        // The platform's dead letters, filtered: three plans, no assessment.
        await platform.Locator("[data-count=DeadLettered] a").ClickAsync();
        await Expect(page.Locator("tr[data-delivery]")).ToHaveCountAsync(3);
        await page.SelectOptionAsync("#kind", "assessment");
        await page.ClickAsync("text=Afficher");
        await Expect(page.Locator("#no-deliveries")).ToBeVisibleAsync();
        await page.SelectOptionAsync("#kind", "plan");
        await page.ClickAsync("text=Afficher");
        await Expect(page.Locator("tr[data-delivery]")).ToHaveCountAsync(3);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "deliveries");
        }

        // One of them: its attempt and the platform's answer; replayed once the platform recovers, it is delivered.
        await page.Locator("tr[data-delivery] a").First.ClickAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "DeadLettered");
        await Expect(page.Locator("table[aria-describedby=attempts] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table[aria-describedby=attempts]")).ToContainTextAsync("422");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "delivery");
        }

        // With the keyboard only: Tab from the top of the page to the button, then Enter.
        gateway.PlatformRecovers();
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Rejouer cet envoi" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#replayed")).ToBeVisibleAsync();
        await gateway.WaitForAsync("DeadLettered", ConsoleGateway.Platform, 2);
        await gateway.WaitForAsync("Delivered", ConsoleGateway.Platform, 1);
        await page.ReloadAsync();
        await Expect(page.Locator("#status")).ToHaveAttributeAsync("data-status", "Delivered");
        await Expect(page.Locator("table[aria-describedby=attempts] tbody tr")).ToHaveCountAsync(2);

        // The other two, together: the confirmation says how many go back before anything moves.
        await page.GotoAsync(gateway.ConsoleUrl($"/console/deliveries?status=DeadLettered&recipient={ConsoleGateway.Platform}"));
        await page.ClickAsync("text=Compter ce qui repartira");
        await Expect(page.Locator("#replay-preview")).ToContainTextAsync("2 envoi(s) vont repartir");
        Assert.Equal(2, await gateway.CountAsync("DeadLettered", ConsoleGateway.Platform));
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "replay-confirmation");
        }

        await page.ClickAsync("text=Confirmer : rejouer 2 envoi(s)");
        await Expect(page.Locator("#replay-done")).ToContainTextAsync("2 envoi(s) remis en file");
        await gateway.WaitForAsync("Delivered", ConsoleGateway.Platform, 3);

        // The DPO finds person 4 by INS (posted, never in the address), sees what erasure takes and keeps, erases.
        await page.GotoAsync(gateway.ConsoleUrl("/console/person"));
        await page.FillAsync("#ins", ConsoleGateway.Ins(4));
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        Assert.DoesNotContain(ConsoleGateway.Ins(4), page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleGateway.Ins(4), await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#held-submissions")).ToContainTextAsync("1 document(s)");
        await Expect(page.Locator("#held-queued")).ToContainTextAsync("1 envoi(s) en file");
        await page.ClickAsync("text=Effacer les données de cette personne…");
        await Expect(page.Locator("#erasure-confirmation")).ToContainTextAsync("1 envoi(s) en file seront bloqués");
        await Expect(page.Locator("#erasure-confirmation")).ToContainTextAsync("événement(s) d'audit");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "erasure-confirmation");
        }

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Effacer définitivement" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#erased")).ToContainTextAsync("1 envoi(s) en file bloqué(s)");
        await Expect(page.Locator("#held-submissions")).ToContainTextAsync("0 document(s)");
        Assert.Equal(3, await gateway.CountAsync("RetryScheduled", ConsoleGateway.Dui));
        Assert.Equal(1, await gateway.CountAsync("Blocked", ConsoleGateway.Dui));

        // The person of a replayed plan: the platform's disclosure is in their report.
        await page.FillAsync("#ins", ConsoleGateway.Ins(1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr[data-outcome=disclosed]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-outcome=disclosed]")).ToContainTextAsync("Plateforme e-parcours Occitanie");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "person");
        }

        // The report handed to the person: a PDF of the same disclosures, read by pdftotext.
        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger le relevé pour la personne (PDF)" }).ClickAsync());
        var report = await Pcpe.Testing.PdfText.ExtractAsync(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Contains("Documents communiqués (1)", report, StringComparison.Ordinal);
        Assert.Contains("Plateforme e-parcours Occitanie", report, StringComparison.Ordinal);
        Assert.Contains("Communications refusées (0)", report, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleGateway.Ins(1), report, StringComparison.Ordinal);

        // The audit chain holds every disclosure made today: the three plans the platform received.
        await page.GotoAsync(gateway.ConsoleUrl("/console/audit"));
        await page.ClickAsync("text=Vérifier la chaîne");
        await Expect(page.Locator("#audit-result")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(page.Locator("#audit-result")).ToContainTextAsync("3 événement(s)");
        await ConsoleBrowser.AssertAccessibleAsync(page);

        // Someone rewrites a disclosure's legal basis in the database: the chain breaks at that event.
        await gateway.TamperWithTheFirstAuditEventAsync();
        await page.ClickAsync("text=Vérifier la chaîne");
        await Expect(page.Locator("#audit-result")).ToHaveAttributeAsync("data-intact", "false");
        await Expect(page.Locator("#audit-result")).ToContainTextAsync("Chaîne rompue à l'événement n° 1 :");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "audit");
        }

        await page.GotoAsync(gateway.ConsoleUrl("/console/configuration"));
        await Expect(page.Locator("table[aria-describedby=recipients]")).ToContainTextAsync("DUI de l'IME du Sud");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        if (shots)
        {
            await ConsoleBrowser.PhotographAsync(page, "configuration");
        }

        // Every action is in the log with the operator's subject, nothing of the person.
        var log = gateway.Log();
        // Plain text here, compact JSON (template and properties apart) under CI: the line names the operator either way.
        var lines = log.Split('\n');
        Assert.Contains(lines, l => l.Contains("signed in with roles", StringComparison.Ordinal) && l.Contains("dpo", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("queued again by operator", StringComparison.Ordinal) && l.Contains("both", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("erasure by operator", StringComparison.Ordinal) && l.Contains("both", StringComparison.Ordinal));
        Assert.DoesNotContain(ConsoleGateway.Ins(4), log, StringComparison.Ordinal);

        // Signing out ends the session here and at the provider: the console asks to sign in again.
        await page.ClickAsync("text=Se déconnecter");
        await ConfirmProviderSignOutAsync(page);
        await Expect(page.Locator("#signed-out")).ToBeVisibleAsync();
        await page.GotoAsync(gateway.ConsoleUrl());
        await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, as someone without a mouse would.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail("the control cannot be reached with the Tab key");
    }

    /// <summary>The provider asks whether to end its own session too; the operator says yes.</summary>
    internal static async Task ConfirmProviderSignOutAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(url => url.Contains("/session/end", StringComparison.Ordinal)
                || url.Contains("/console/signed-out", StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"signing out stopped at {page.Url}: {await page.InnerTextAsync("body")}");
        }

        if (page.Url.Contains("/session/end", StringComparison.Ordinal))
        {
            await page.ClickAsync("button[value=yes]");
        }

        await page.WaitForURLAsync(url => url.Contains("/console/signed-out", StringComparison.Ordinal));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
