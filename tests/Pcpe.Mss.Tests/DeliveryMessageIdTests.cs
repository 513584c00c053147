using Pcpe.Mss.Sending;
using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Tests;

/// <summary>A receipt finds its delivery by the Message-ID the gateway gave the mail, however many retries and replays.</summary>
public class DeliveryMessageIdTests
{
    private static readonly Guid Delivery = Guid.Parse("0196f1d2-7a4b-7c3d-9e8f-0a1b2c3d4e5f");

    [Fact]
    public void Every_retry_of_one_sending_has_the_same_Message_ID_and_it_names_its_delivery()
    {
        var first = DeliveryMessageId.For(Delivery, 0, "pcpe-gateway@pcpe.mssante.fr");

        Assert.Equal("0196f1d27a4b7c3d9e8f0a1b2c3d4e5f@pcpe.mssante.fr", first);
        Assert.Equal(first, DeliveryMessageId.For(Delivery, 0, "pcpe-gateway@pcpe.mssante.fr"));
        Assert.Equal(Delivery, DeliveryMessageId.DeliveryOf(first));
    }

    [Fact]
    public void A_replay_is_a_new_Message_ID_that_still_names_the_delivery()
    {
        var replayed = DeliveryMessageId.For(Delivery, 12, "pcpe-gateway@pcpe.mssante.fr");

        Assert.Equal("0196f1d27a4b7c3d9e8f0a1b2c3d4e5f.12@pcpe.mssante.fr", replayed);
        Assert.Equal(Delivery, DeliveryMessageId.DeliveryOf(replayed));
    }

    [Theory]
    [InlineData("CAKx1@mail.gmail.com")]
    [InlineData("not-a-guid.3@pcpe.mssante.fr")]
    [InlineData("")]
    public void Any_other_Message_ID_names_no_delivery(string messageId)
        => Assert.Null(DeliveryMessageId.DeliveryOf(messageId));

    [Fact]
    public void A_UUID_becomes_its_2_25_OID()
        => Assert.Equal("2.25.329800735698586629295641978511506172918", XdmIdentifiers.Oid(Guid.Parse("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
}
