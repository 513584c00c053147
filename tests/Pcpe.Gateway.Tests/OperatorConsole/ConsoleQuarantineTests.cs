using Microsoft.Playwright;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests.OperatorConsole;

/// <summary>A message from someone who is not a known coordinator, sent through the real Postfix, is set aside by
/// the gateway's mailbox reader (real Dovecot); the console counts it on the overview and lists it, with the code
/// the sender got back and what to do, and without its subject.</summary>
public class ConsoleQuarantineTests
{
    [Fact]
    public async Task A_message_from_an_unknown_sender_is_listed_with_the_code_sent_back_and_what_to_do()
    {
        await using var gateway = await ConsoleGateway.StartAsync(StoreProvider.Sqlite, readsMailbox: true);
        const string subject = "Bilan de Mme Exemple";
        var message = CoordinatorMail.New("outsider@pcpe.test", subject, "Pouvez-vous intégrer ce bilan ?", ConsoleGateway.Mailbox);
        await CoordinatorMail.SendAsync("outsider@pcpe.test", message);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.SignInAsync(gateway, "supervisor");
        var quarantined = page.Locator(".card", new() { HasText = "Mis en quarantaine" }).Locator("strong");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await quarantined.InnerTextAsync() != "1" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Assertions.Expect(quarantined).ToHaveTextAsync("1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir la quarantaine" }).ClickAsync();
        // Newest first; a test environment used before may hold older ones.
        var row = page.Locator("tr[data-code='901']").First;
        await Assertions.Expect(row).ToContainTextAsync("outsider@pcpe.test");
        await Assertions.Expect(row).ToContainTextAsync("Auteur non autorisé");
        await Assertions.Expect(row).ToContainTextAsync("Gateway:Mss:Coordinators");
        Assert.DoesNotContain(subject, await page.ContentAsync(), StringComparison.Ordinal);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await ConsoleBrowser.PhotographAsync(page, "quarantine");
    }
}
