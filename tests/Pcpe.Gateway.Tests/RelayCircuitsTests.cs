using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Health;

namespace Pcpe.Gateway.Tests;

/// <summary>The breaker keeps one circuit per endpoint authority; what the worker holds back follows it.</summary>
public class RelayCircuitsTests
{
    private static readonly Uri TenantA = new("https://platform.example:8443/fhir/a");

    private static readonly Dictionary<string, RecipientOptions> Configured = new()
    {
        ["tenant-a"] = new() { Channel = RecipientChannel.FhirRest, Endpoint = TenantA },
        ["tenant-b"] = new() { Channel = RecipientChannel.FhirRest, Endpoint = new("https://PLATFORM.example:8443/fhir/b") },
        ["same-host-other-port"] = new() { Channel = RecipientChannel.FhirRest, Endpoint = new("https://platform.example/fhir") },
        ["hospital"] = new() { Channel = RecipientChannel.MsSante, Address = "accueil@hopital.mssante.fr" },
    };

    [Fact]
    public void An_open_circuit_holds_back_every_recipient_of_its_endpoint_and_only_those()
    {
        var circuits = new RelayCircuits(TimeProvider.System);
        // As the breaker reports it, from the request of tenant-a that tripped it.
        circuits.Opened(TenantA, TimeSpan.FromMinutes(5));

        var (resting, probeDue) = circuits.Held(Configured);
        Assert.Equal(["tenant-a", "tenant-b"], resting.Order(StringComparer.Ordinal));
        Assert.Empty(probeDue);
        Assert.Equal(["tenant-a", "tenant-b"], circuits.Open(Configured));

        // A send of tenant-b got through: the circuit is closed for both.
        circuits.Closed(new Uri("https://platform.example:8443/fhir/b"));
        Assert.Empty(circuits.Held(Configured).Resting);
        Assert.Empty(circuits.Open(Configured));
    }

    [Fact]
    public void Once_the_break_is_over_the_turn_to_probe_passes_from_one_recipient_of_the_endpoint_to_the_next()
    {
        var circuits = new RelayCircuits(TimeProvider.System);
        circuits.Opened(TenantA, TimeSpan.Zero);

        var turns = Enumerable.Range(0, 3).Select(_ => Assert.Single(circuits.Held(Configured).ProbeDue)).ToList();
        Assert.All(turns, group => Assert.Equal(["tenant-a", "tenant-b"], group.Order(StringComparer.Ordinal)));
        // A tenant with nothing queued does not keep the probe from the other: the first place moves on.
        Assert.NotEqual(turns[0][0], turns[1][0]);
        Assert.Equal(turns[0][0], turns[2][0]);
        Assert.Empty(circuits.Held(Configured).Resting);
        // Health names circuits open or probing, not those whose probe is merely due.
        Assert.Empty(circuits.Open(Configured));
    }
}
