using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Pcpe.Gateway.Tests;

/// <summary>DUI systems identified by their TLS client certificates on a real Kestrel HTTPS endpoint.</summary>
public class ClientAuthenticationTests
{
    private static StringContent Plan() => new(File.ReadAllText(Pcpe.Testing.TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_configured_DUI_pushes_for_its_own_structure_and_sees_its_submission()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var alpha = host.ClientWithCertificate("dui-alpha");

        using var response = await alpha.PostAsync("/api/v1/plans", Plan());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submission = JsonDocument.Parse(await alpha.GetStringAsync(response.Headers.Location)).RootElement;
        Assert.Equal("dui-alpha", submission.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task A_DUI_may_not_push_for_another_structure_and_nothing_is_stored()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var beta = host.ClientWithCertificate("dui-beta");

        using var response = await beta.PostAsync("/api/v1/plans", Plan());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task Another_client_cannot_read_a_submission_it_did_not_push()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var alpha = host.ClientWithCertificate("dui-alpha");
        using var beta = host.ClientWithCertificate("dui-beta");
        using var pushed = await alpha.PostAsync("/api/v1/plans", Plan());

        using var read = await beta.GetAsync(pushed.Headers.Location);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Without_a_certificate_the_API_answers_401_but_health_answers()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var anonymous = host.ClientWithCertificate(null);

        using var response = await anonymous.PostAsync("/api/v1/plans", Plan());
        using var health = await anonymous.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_certificate_of_another_CA_is_refused_during_the_handshake()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var rogue = host.ClientWithCertificate("rogue");

        await Assert.ThrowsAsync<HttpRequestException>(() => rogue.PostAsync("/api/v1/plans", Plan()));
        Assert.Equal(0, await host.CountAsync("submissions"));
    }

    [Fact]
    public async Task A_valid_certificate_that_is_not_a_configured_client_gets_401()
    {
        // The coordinator's certificate chains to the same CA but belongs to no DUI client.
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var stranger = host.ClientWithCertificate("coordinator");

        using var response = await stranger.PostAsync("/api/v1/plans", Plan());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_DUI_client_is_no_operator()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        using var alpha = host.ClientWithCertificate("dui-alpha");
        using var list = await alpha.GetAsync("/api/v1/deliveries");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
    }

    [Fact]
    public async Task Every_route_but_the_public_contract_and_health_requires_a_caller_policy()
    {
        await using var host = await GatewayTestHost.StartWithMutualTlsAsync();
        string[] publicRoutes = ["/api/v1/schemas/", "/fhir/metadata", "/fhir/StructureDefinition/", "/fhir/{type", "/health/", "/metrics", "/openapi/"];

        var routes = host.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => (Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Policies: e.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy).ToList()))
            .ToList();

        Assert.DoesNotContain(routes, r => r.Policies.Count == 0 && !publicRoutes.Any(p => r.Route.StartsWith(p, StringComparison.Ordinal)));
        Assert.Contains(("/api/v1/plans", "dui-client"), routes.SelectMany(r => r.Policies.Select(p => (r.Route, p))));
        Assert.Contains(("/api/v1/deliveries/{id:guid}/replay", "operator"), routes.SelectMany(r => r.Policies.Select(p => (r.Route, p))));
        Assert.Contains(("/api/v1/persons/{ins}/erasure", "operator"), routes.SelectMany(r => r.Policies.Select(p => (r.Route, p))));
    }
}
