using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Delivery;

namespace Pcpe.Gateway.Tests;

/// <summary>When the worker leases, and how much: a round that could start nothing is a store write for nothing.</summary>
public class LeaseRoundSizeTests
{
    private static readonly DeliveryOptions Defaults = new(); // 16 sends per instance, 4 per recipient, rounds of 32 at most

    private static int? Size(Dictionary<string, int> free, Dictionary<string, int> limits, int inFlight, params string[] circuitOpen)
        => LeaseRound.Size(free, limits.ToDictionary(l => l.Key, _ => new RecipientOptions()), circuitOpen.ToHashSet(), r => limits[r], inFlight, Defaults);

    [Fact]
    public void No_round_while_every_recipient_is_sending_its_limit_even_with_instance_slots_free()
    {
        // The default set-up of a PCPE: one regional platform, 4 sends at once. The instance has 12 of its
        // 16 slots free, but none of them can be used: leasing would take nothing.
        Assert.Null(Size(new() { ["eparcours"] = 0 }, new() { ["eparcours"] = 4 }, inFlight: 4));
        Assert.Null(Size(new() { ["eparcours"] = 0, ["hospital"] = 0 }, new() { ["eparcours"] = 4, ["hospital"] = 1 }, inFlight: 5));
    }

    [Fact]
    public void Rounds_take_half_of_what_the_recipients_can_have_in_flight()
    {
        // One recipient of 4: a round once 2 of its sends have ended, not one round per ended send.
        Assert.Null(Size(new() { ["eparcours"] = 1 }, new() { ["eparcours"] = 4 }, inFlight: 3));
        Assert.Equal(2, Size(new() { ["eparcours"] = 2 }, new() { ["eparcours"] = 4 }, inFlight: 2));

        // A platform allowed 16 at once: rounds of 8, as the instance's own limit gives.
        Assert.Null(Size(new() { ["eparcours"] = 7 }, new() { ["eparcours"] = 16 }, inFlight: 9));
        Assert.Equal(8, Size(new() { ["eparcours"] = 8 }, new() { ["eparcours"] = 16 }, inFlight: 8));
    }

    [Fact]
    public void An_idle_instance_leases_at_once_whatever_it_can_start()
    {
        Assert.Equal(1, Size(new() { ["dui"] = 1 }, new() { ["dui"] = 1 }, inFlight: 0));
        Assert.Equal(8, Size(new() { ["eparcours"] = 4, ["dui"] = 4 }, new() { ["eparcours"] = 4, ["dui"] = 4 }, inFlight: 0));
    }

    [Fact]
    public void A_free_recipient_gets_its_round_while_another_is_full()
    {
        // A partner that hangs holds its 2 sends; the platform still has its 4 free: they are leased.
        Assert.Equal(4, Size(new() { ["slow"] = 0, ["eparcours"] = 4 }, new() { ["slow"] = 2, ["eparcours"] = 4 }, inFlight: 2));
    }

    [Fact]
    public void A_hanging_partner_holding_its_slots_does_not_make_the_others_wait_for_bigger_rounds()
    {
        // The platform (16) beside a partner that hangs with its 4 sends: 12 instance slots are left to the
        // platform, so its rounds come at 6 free, not at the 8 that half of 16 would ask.
        Assert.Equal(6, Size(new() { ["partner"] = 0, ["eparcours"] = 10 }, new() { ["partner"] = 4, ["eparcours"] = 16 }, inFlight: 10));
        Assert.Null(Size(new() { ["partner"] = 0, ["eparcours"] = 11 }, new() { ["partner"] = 4, ["eparcours"] = 16 }, inFlight: 11));
    }

    [Fact]
    public void No_round_for_a_recipient_whose_circuit_is_open_however_many_slots_it_has_free()
    {
        Assert.Null(Size(new() { ["eparcours"] = 4 }, new() { ["eparcours"] = 4 }, inFlight: 0, circuitOpen: "eparcours"));
        // The others still get theirs, sized to what they alone can start.
        Assert.Equal(2, Size(new() { ["eparcours"] = 4, ["dui"] = 2 }, new() { ["eparcours"] = 4, ["dui"] = 2 }, inFlight: 0, circuitOpen: "eparcours"));
    }

    [Fact]
    public void Once_a_circuit_may_close_its_recipient_gets_one_send_the_probe_and_none_while_a_send_of_its_is_still_out()
    {
        var limits = new Dictionary<string, int> { ["eparcours"] = 4, ["dui"] = 2 };
        IReadOnlyList<IReadOnlyList<string>> probeDue = [["eparcours"]];
        var idle = LeaseRound.ProbeOnly(new Dictionary<string, int> { ["eparcours"] = 4, ["dui"] = 2 }, probeDue, r => limits[r]);
        Assert.Equal(1, idle["eparcours"]);
        Assert.Equal(2, idle["dui"]);
        // A send from before the opening still hangs: the probe waits for it rather than being turned away beside it.
        Assert.Equal(0, LeaseRound.ProbeOnly(new Dictionary<string, int> { ["eparcours"] = 3, ["dui"] = 2 }, probeDue, r => limits[r])["eparcours"]);
        // The round for the probe is worth leasing on its own.
        Assert.Equal(3, Size(new(idle), limits, inFlight: 0));
    }

    [Fact]
    public void Recipients_sharing_an_endpoint_share_one_probe_given_to_the_one_whose_turn_it_is()
    {
        // Two tenants of one platform: one circuit, so one probe between them, and none while either still sends.
        var limits = new Dictionary<string, int> { ["tenant-a"] = 4, ["tenant-b"] = 2, ["dui"] = 2 };
        IReadOnlyList<IReadOnlyList<string>> turnOfB = [["tenant-b", "tenant-a"]];
        var idle = LeaseRound.ProbeOnly(new Dictionary<string, int> { ["tenant-a"] = 4, ["tenant-b"] = 2, ["dui"] = 2 }, turnOfB, r => limits[r]);
        Assert.Equal(0, idle["tenant-a"]);
        Assert.Equal(1, idle["tenant-b"]);
        Assert.Equal(2, idle["dui"]);
        var aStillSending = LeaseRound.ProbeOnly(new Dictionary<string, int> { ["tenant-a"] = 3, ["tenant-b"] = 2, ["dui"] = 2 }, turnOfB, r => limits[r]);
        Assert.Equal(0, aStillSending["tenant-a"]);
        Assert.Equal(0, aStillSending["tenant-b"]);
    }

    [Fact]
    public void The_instance_limit_caps_the_round_and_a_full_instance_leases_nothing()
    {
        // Two recipients of 12, 4 sends each in flight: 16 of theirs are free, but only 8 of the instance's 16.
        Assert.Equal(8, Size(new() { ["a"] = 8, ["b"] = 8 }, new() { ["a"] = 12, ["b"] = 12 }, inFlight: 8));
        Assert.Null(Size(new() { ["a"] = 4, ["b"] = 4 }, new() { ["a"] = 12, ["b"] = 12 }, inFlight: 16));
    }

    [Fact]
    public void With_no_recipient_configured_what_is_queued_is_still_leased_to_be_dead_lettered()
    {
        Assert.Equal(16, LeaseRound.Size(new Dictionary<string, int>(), new Dictionary<string, RecipientOptions>(), new HashSet<string>(), _ => 4, 0, Defaults));
    }
}
