using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Sends a document over MSSanté: a short text that carries no health data, IHE_XDM.ZIP with the CDA
/// (<see cref="DocumentPackageBuilder"/>) and the readable PDF beside it. The Message-ID names the delivery
/// (<see cref="DeliveryMessageId"/>) so DSN/MDN find it; the mail asks for an MDN when the gateway reads its
/// mailbox (<see cref="MssGatewayOptions.RequestReceipts"/>). Sending and its outcome are <see cref="MssMailer"/>'s.
/// A recipient without a configured address is written to at its mailbox in the national directory, and a
/// transition plan's destination address must be one the directory lists for that destination
/// (<see cref="MailboxResolution"/>).
/// </summary>
public sealed class MssChannel(IOptions<MssGatewayOptions> options, MssMailer mailer, TimeProvider time, DocumentPackageBuilder packages, MailboxResolution mailboxes) : IDeliveryChannel
{
    public RecipientChannel Channel => RecipientChannel.MsSante;

    public async Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken)
    {
        var mss = options.Value;
        var package = await packages.BuildAsync(delivery, recipient, time.GetUtcNow(), cancellationToken);
        var to = await mailboxes.ResolveAsync(delivery, recipient, package.DestinationFiness, cancellationToken);
        if (to is not MailboxResolution.Resolved { Address: var address })
        {
            return to switch
            {
                MailboxResolution.Refused refused => new SendResult.Refused(Pcpe.Fhir.Sharing.SharingDenial.AddressNotTheDestinations, refused.Reason),
                MailboxResolution.Unavailable unavailable => new SendResult.Transient(unavailable.Reason),
                MailboxResolution.Unknown unknown => new SendResult.Permanent(unknown.Reason),
                _ => throw new InvalidOperationException("unknown mailbox resolution"),
            };
        }

        // The text says what travels and where, never who: the person is identified in the XDM metadata only.
        string[] paragraphs =
        [
            "Bonjour,",
            package.CdaCode is null
                ? $"Vous trouverez en pièce jointe (IHE_XDM.ZIP) un « {package.Title} » transmis par la passerelle PCPE, au format FHIR."
                : $"Vous trouverez en pièce jointe un document « {package.Title} » transmis par la passerelle PCPE : "
                    + "le document CDA R2 dans IHE_XDM.ZIP, à intégrer au dossier de la personne, et sa version PDF lisible. "
                    + "La personne concernée est identifiée dans les métadonnées du document.",
            "Message automatique : merci de ne pas répondre à cette adresse applicative pour un échange clinique.",
        ];
        var outgoing = DocumentMail.Of(package, address, $"Transmission : {package.Title}", paragraphs,
            DeliveryMessageId.For(delivery.Id, delivery.AttemptsBeforeReplay, mss.Sender.FromAddress)) with
        {
            DispositionNotificationTo = mss.AsksForReceipts ? mss.Receiver.MailboxAddress : null,
        };

        return MailSendResult.Of(await mailer.SendAsync(outgoing, cancellationToken));
    }
}
