namespace Pcpe.Mss.Sending;

/// <summary>
/// The Message-ID of a mail the gateway sends for a delivery, and back: DSN and MDN quote it, and that is how a
/// receipt finds its delivery. {delivery id}@{domain} is the same for every retry of one sending, so a mail
/// re-sent after a crash is recognisable downstream. A replay is a new sending (the operator fixed what the
/// hospital refused): {delivery id}.{attempts before the replay}@{domain}, which a hospital software will not
/// drop as a message it has already integrated.
/// </summary>
public static class DeliveryMessageId
{
    /// <param name="deliveryId">The delivery the mail is a sending of.</param>
    /// <param name="attemptsBeforeReplay">Attempts made before the last replay (0 until a replay).</param>
    /// <param name="fromAddress">The applicative mailbox the mail is sent from: its domain ends the Message-ID.</param>
    public static string For(Guid deliveryId, int attemptsBeforeReplay, string fromAddress)
    {
        var domain = fromAddress.Split('@') is [_, var host] && host.Length > 0 ? host : "pcpe.invalid";
        return attemptsBeforeReplay == 0 ? $"{deliveryId:N}@{domain}" : $"{deliveryId:N}.{attemptsBeforeReplay}@{domain}";
    }

    /// <summary>The delivery a Message-ID of <see cref="For"/> names, or null for any other Message-ID.</summary>
    public static Guid? DeliveryOf(string messageId)
        => Guid.TryParseExact(messageId.Split('@')[0].Split('.')[0], "N", out var id) ? id : null;
}
