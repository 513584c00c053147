using System.Text;
using Pcpe.Gateway.Store;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests;

/// <summary>Runs alone: OpenTelemetry listens to every "Pcpe.Gateway" meter of the process, so hosts of
/// other test classes running at the same time would add to the counts (a deployment has one host).</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

public abstract class MetricsTests(StoreProvider provider)
{
    [Fact]
    public async Task Prometheus_metrics_count_submissions_and_deliveries_without_personal_data()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        using var invalid = await host.Client.PostAsync("/api/v1/plans", new StringContent("{}", Encoding.UTF8, "application/json"));

        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Matches("pcpe_submissions_total\\{[^}]*kind=\"plan\"[^}]*result=\"created\"[^}]*\\} 1", metrics);
        Assert.Matches("pcpe_submissions_total\\{[^}]*result=\"invalid\"[^}]*\\} 1", metrics);
        Assert.Matches("pcpe_deliveries_total\\{[^}]*channel=\"FhirRest\"[^}]*outcome=\"Delivered\"[^}]*recipient=\"eparcours\"[^}]*\\} 1", metrics);
        Assert.Contains("pcpe_delivery_latency_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Contains("pcpe_queue_depth", metrics, StringComparison.Ordinal);
        foreach (var personal in new[] { "295109912611193", "DEMO", "Camille", "2014-03-09", "U-000123" })
        {
            Assert.DoesNotContain(personal, metrics, StringComparison.Ordinal);
        }
    }
}

[Collection(nameof(MetricsTests))]
public sealed class SqliteMetricsTests() : MetricsTests(StoreProvider.Sqlite);

[Collection(nameof(MetricsTests))]
public sealed class PostgresMetricsTests() : MetricsTests(StoreProvider.Postgres);
