using System.Net;
using Microsoft.Playwright;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests.OperatorConsole;

/// <summary>Who reaches what in the console: nobody without signing in at the provider (code flow with PKCE), a
/// reader sees but cannot act, an operator without a console role and a reader on a DPO page are refused, and a
/// session left idle past its length signs in again.</summary>
public class ConsoleAccessTests
{
    [Fact]
    public async Task Without_a_session_the_console_sends_the_browser_to_the_provider_with_a_pushed_request()
    {
        await using var gateway = await ConsoleGateway.StartAsync(StoreProvider.Sqlite);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.Process.BaseAddress };

        using var answer = await http.GetAsync("/console/deliveries");

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        var location = answer.Headers.Location!;
        Assert.StartsWith(Pcpe.Testing.TestEnvironment.OidcAuthority + "auth", location.ToString(), StringComparison.Ordinal);
        // The provider takes pushed authorization requests (RFC 9126): the request, its PKCE challenge included
        // (the provider requires one), went to it directly; the browser carries only its reference.
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal("pcpe-console", query["client_id"]);
        Assert.StartsWith("urn:ietf:params:oauth:request_uri:", query["request_uri"], StringComparison.Ordinal);
        Assert.Null(query["code_challenge"]);
        // The JSON API keeps its own answer: no redirect to a login page.
        using var api = await http.GetAsync("/api/v1/deliveries");
        Assert.NotEqual(HttpStatusCode.Redirect, api.StatusCode);
    }

    [Fact]
    public async Task A_reader_sees_the_queues_but_cannot_replay_and_no_role_means_no_console()
    {
        await using var gateway = await ConsoleGateway.StartAsync(StoreProvider.Sqlite);
        await gateway.PushPlanAsync(11);
        await gateway.WaitForAsync("DeadLettered", ConsoleGateway.Platform, 1);
        await using var browser = await ConsoleBrowser.LaunchAsync();

        var reader = await browser.SignInAsync(gateway, "reader", "/console/deliveries");
        await Assertions.Expect(reader.Locator("tr[data-delivery]")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.Locator("#replay")).ToHaveCountAsync(0);
        await reader.Locator("tr[data-delivery] a").ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Button, new() { Name = "Rejouer cet envoi" })).ToHaveCountAsync(0);
        await Assertions.Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Droits des personnes" })).ToHaveCountAsync(0);

        // A replay posted by hand, with the session's own anti-forgery token, is refused and changes nothing.
        var token = await reader.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var replay = await reader.APIRequest.PostAsync(reader.Url + "?handler=Replay", new APIRequestContextOptions
        {
            Form = reader.APIRequest.CreateFormData().Set("__RequestVerificationToken", token),
            MaxRedirects = 0,
        });
        Assert.Equal(302, replay.Status);
        Assert.Contains("/console/denied", replay.Headers["location"], StringComparison.Ordinal);
        Assert.Equal(1, await gateway.CountAsync("DeadLettered", ConsoleGateway.Platform));

        // A form posted without the token is refused before any handler runs.
        var forged = await reader.APIRequest.PostAsync(reader.Url + "?handler=Replay", new APIRequestContextOptions { MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);

        await reader.GotoAsync(gateway.ConsoleUrl("/console/person"));
        await Assertions.Expect(reader.Locator("#denied")).ToBeVisibleAsync();
        await reader.GotoAsync(gateway.ConsoleUrl("/console/quarantine"));
        await Assertions.Expect(reader.Locator("#denied")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(reader);

        var nobody = await browser.SignInAsync(gateway, "nobody", "/console");
        await Assertions.Expect(nobody.Locator("#denied")).ToBeVisibleAsync();
        await Assertions.Expect(nobody.Locator("nav a")).ToHaveCountAsync(0);
        await ConsoleBrowser.PhotographAsync(nobody, "denied");
    }

    [Fact]
    public async Task A_session_idle_past_its_length_asks_to_sign_in_again()
    {
        await using var gateway = await ConsoleGateway.StartAsync(StoreProvider.Sqlite, sessionMinutes: 1);
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.SignInAsync(gateway, "supervisor");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Vue d'ensemble");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-pcpe-console");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        var forms = (await page.Context.CookiesAsync()).Single(c => c.Name == "pcpe-console-forms");
        Assert.True(forms.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, forms.SameSite);

        await Task.Delay(TimeSpan.FromSeconds(65));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = gateway.Process.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console");
        request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith(Pcpe.Testing.TestEnvironment.OidcAuthority + "auth", answer.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
