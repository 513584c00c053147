using Pcpe.Gateway.Domain;
using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Delivery;

/// <summary>What a mail's sending outcome, as Pcpe.Mss classifies it, means for its delivery.</summary>
internal static class MailSendResult
{
    public static SendResult Of(MailSendOutcome outcome) => outcome switch
    {
        MailSendOutcome.Delivered delivered => new SendResult.Delivered(delivered.Detail),
        MailSendOutcome.Permanent permanent => new SendResult.Permanent(permanent.Reason),
        MailSendOutcome.Transient transient => new SendResult.Transient(transient.Reason),
        _ => throw new InvalidOperationException("unknown mail outcome"),
    };
}
