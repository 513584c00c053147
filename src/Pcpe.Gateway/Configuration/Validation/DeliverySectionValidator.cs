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
        // A mail may wait for the national directory (its address, its destination's) before its SMTP submission.
        var mailSeconds = options.Mss.Sender.Smtp.TimeoutSeconds + (options.Directory.Enabled ? options.Directory.TimeoutSeconds : 0);
        if (sendsMail && options.Delivery.LeaseSeconds <= mailSeconds)
        {
            problems.Add("Gateway:Delivery:LeaseSeconds must exceed Gateway:Mss:Sender:Smtp:TimeoutSeconds (plus Gateway:Directory:TimeoutSeconds when the directory is used): a mail still being sent when its lease expires could be taken over and sent twice");
        }
    }
}
