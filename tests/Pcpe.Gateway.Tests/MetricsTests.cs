using System.Text;
using Pcpe.Gateway.Store;
using Pcpe.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

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

    [Fact]
    public async Task The_runtime_and_request_durations_are_exported_by_route_template_never_by_path()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        using var consents = await host.Client.GetAsync("/api/v1/persons/295109912611193/consents");
        Assert.Equal(System.Net.HttpStatusCode.OK, consents.StatusCode);

        var metrics = await host.Client.GetStringAsync("/metrics");

        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/api/v1/persons/\\{ins\\}/consents\"[^}]*\\} 1\\b", metrics);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_response_status_code=\"202\"[^}]*http_route=\"/api/v1/plans\"[^}]*\\} 1\\b", metrics);
        Assert.Matches("dotnet_gc_collections_total\\{[^}]*\\} [0-9]", metrics);
        Assert.Matches("dotnet_jit_compilation_time_seconds_total\\{[^}]*\\} [0-9]", metrics);
        Assert.Contains("dotnet_thread_pool_queue_length", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("295109912611193", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_letters_waiting_for_an_operator_are_a_gauge_per_recipient_back_to_zero_once_replayed()
    {
        await using var host = await GatewayTestHost.StartAsync(provider, new() { ["Gateway:Routes:0:Recipients:1"] = null });
        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(422));
        using var pushed = await host.Client.PostAsync("/api/v1/plans", new StringContent(File.ReadAllText(TestEnvironment.Sample("plan-minimal.json")), Encoding.UTF8, "application/json"));
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));

        // The queue is counted in the store every few seconds: wait for the sample that saw the dead letter.
        await MetricsShowAsync(host, DeadLetters("eparcours", 1));
        // A configured recipient without dead letters reads 0.
        Assert.Matches(DeadLetters("hopital", 0), await host.Client.GetStringAsync("/metrics"));

        host.EParcours.Reset();
        host.EParcours.Given(Request.Create().WithPath("/fhir").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        using var replay = await host.Client.PostAsync("/api/v1/deliveries/replay?recipient=eparcours", null);
        await host.WaitUntilSettledAsync(pushed.Headers.Location!, TimeSpan.FromSeconds(30));
        await MetricsShowAsync(host, DeadLetters("eparcours", 0));
    }

    private static System.Text.RegularExpressions.Regex DeadLetters(string recipient, int count) => new($"pcpe_dead_letters\\{{[^}}]*recipient=\"{recipient}\"[^}}]*\\}} {count}\\b");

    private static async Task MetricsShowAsync(GatewayTestHost host, System.Text.RegularExpressions.Regex line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string metrics;
        do
        {
            await Task.Delay(250);
            metrics = await host.Client.GetStringAsync("/metrics");
        }
        while (!line.IsMatch(metrics) && DateTime.UtcNow < deadline);

        Assert.Matches(line, metrics);
    }
}

[Collection(nameof(MetricsTests))]
public sealed class SqliteMetricsTests() : MetricsTests(StoreProvider.Sqlite);

[Collection(nameof(MetricsTests))]
public sealed class PostgresMetricsTests() : MetricsTests(StoreProvider.Postgres);
