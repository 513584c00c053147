using System.Net;
using System.Text.Json;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Tests;

/// <summary>Readiness covers the store, the mail servers and the relay circuits, on each store.</summary>
public abstract class HealthTests(StoreProvider provider)
{
    [Fact]
    public async Task Ready_reports_the_store_the_mail_servers_and_the_relay_circuits()
    {
        await using var host = await GatewayTestHost.StartAsync(provider);
        using var live = await host.Client.GetAsync("/health/live");
        using var ready = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("mail servers answer", report.GetProperty("checks").GetProperty("mail-servers").GetProperty("description").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("relay-circuits").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unreachable_mail_server_makes_the_gateway_degraded_not_down()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Mss:Sender:Smtp:Port"] = "1" });
        using var ready = await host.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.StartsWith("SMTP localhost:1", report.GetProperty("checks").GetProperty("mail-servers").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteHealthTests() : HealthTests(StoreProvider.Sqlite);

public sealed class PostgresHealthTests() : HealthTests(StoreProvider.Postgres);
