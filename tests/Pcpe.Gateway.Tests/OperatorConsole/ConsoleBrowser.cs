using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests.OperatorConsole;

/// <summary>
/// Debian's Chromium driven by Playwright (by its executable path: no browser is downloaded), one context per
/// operator, as separate browsers would be. Each page can be checked by axe-core and photographed for the docs.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        return new ConsoleBrowser(playwright, browser);
    }

    /// <summary>A new browser context (no cookies) on the console: the provider's login form, then the page.</summary>
    public async Task<IPage> SignInAsync(ConsoleGateway gateway, string account, string path = "/console")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(gateway.ConsoleUrl(path));
        await LogInAtProviderAsync(page, account);
        return page;
    }

    /// <summary>Fills the provider's development login form (any password) and waits to be back at the gateway.</summary>
    public static async Task LogInAtProviderAsync(IPage page, string account)
    {
        Assert.StartsWith(TestEnvironment.OidcAuthority.ToString().TrimEnd('/'), page.Url, StringComparison.Ordinal);
        await page.FillAsync("input[name=login]", account);
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url.Contains("/console", StringComparison.Ordinal));
    }

    /// <summary>axe-core on the page as it is: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var grave = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(
            grave.Count == 0,
            $"{page.Url}: " + string.Join("; ", grave.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    /// <summary>A full-page screenshot: into docs/console/ when PCPE_UPDATE_SCREENSHOTS names the repository's
    /// root (the docs show them), else into the test's temporary folder.</summary>
    public static async Task PhotographAsync(IPage page, string name)
    {
        var root = Environment.GetEnvironmentVariable("PCPE_UPDATE_SCREENSHOTS");
        var folder = root is { Length: > 0 } ? Path.Combine(root, "docs", "console") : Path.Combine(Path.GetTempPath(), "pcpe-console-shots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
