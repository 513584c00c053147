namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Delivery</c>: its limits, and a lease longer than any send, so that no send is made twice.</summary>
public sealed class DeliverySectionValidator : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        Annotations(options.Delivery, "Gateway:Delivery", problems);
        if (options.Delivery.LeaseSeconds <= options.Delivery.HttpTimeoutSeconds)
        {
            problems.Add("Gateway:Delivery:LeaseSeconds must exceed HttpTimeoutSeconds: a send still running when its lease expires could be taken over and made twice");
        }

        var sendsMail = options.Recipients.Values.Any(r => r.SendsMail) && options.Mss.PickupDirectory is null;
        if (sendsMail && options.Delivery.LeaseSeconds <= options.Mss.Sender.Smtp.TimeoutSeconds)
        {
            problems.Add("Gateway:Delivery:LeaseSeconds must exceed Gateway:Mss:Sender:Smtp:TimeoutSeconds: a mail still being sent when its lease expires could be taken over and sent twice");
        }
    }
}
