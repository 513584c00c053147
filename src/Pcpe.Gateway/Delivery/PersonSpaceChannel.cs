using Microsoft.Extensions.Options;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Delivery;

/// <summary>
/// Sends a document to the person's own space: their MSSanté mailbox in Mon espace santé,
/// <c>{INS}@{PersonMailboxDomain}</c>, with the CDA in IHE_XDM.ZIP and the readable PDF, as the ANS describes a
/// sending to the patient (transmission d'un document CDA R2, DESTMSSANTEPAT). The person cannot answer
/// (<c>X-MSS-MES: FIN</c>); their visibility choices travel as the DMP's confidentiality codes in METADATA.XML.
/// </summary>
public sealed class PersonSpaceChannel(IOptions<MssGatewayOptions> options, MssMailer mailer, TimeProvider time, DocumentPackageBuilder packages, SharingDecisions decisions) : IDeliveryChannel
{
    public RecipientChannel Channel => RecipientChannel.Dmp;

    public async Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken)
    {
        var mss = options.Value;
        // The choices in force now: read again, since they may have changed after the decision of this lease round.
        var person = await decisions.LoadAsync(delivery.PersonRef, cancellationToken);
        var choices = ConsentRecords.ToDecisionInputs(person.Consents, delivery.StructureFiness, emergency: false).CareTeam.Dmp ?? new();
        switch (choices)
        {
            case { Opposition: true }:
                return new SendResult.Refused(SharingDenial.DmpOpposition, "the person opposed their documents being added to their DMP (CSP L1111-15)");
            case { InvisibleToPerson: true } or { InvisibleToLegalRepresentatives: true }:
                return new SendResult.Refused(SharingDenial.InvisibleToPerson, "the document is not to be seen by the person or their legal representatives: it is not sent to their mailbox");
        }

        var package = await packages.BuildAsync(delivery, recipient, time.GetUtcNow(), cancellationToken, choices);
        if (package.PersonIns is not { } ins || package.CdaCode is null)
        {
            return new SendResult.Refused(SharingDenial.InsNotQualified, "the person's own space is reached by their qualified INS only, and this document carries none");
        }

        // Written to the person: what they receive and what they can do with it, never what it says.
        string[] paragraphs =
        [
            "Bonjour,",
            $"La structure qui vous accompagne vous transmet un document : « {package.Title} ». "
                + "Vous le trouverez en pièce jointe, lisible en PDF (DOCUMENT.PDF), et au format des documents de santé (IHE_XDM.ZIP) "
                + "que vous pouvez ajouter à vos documents dans Mon espace santé.",
            "Ce message est envoyé automatiquement et il n'est pas possible d'y répondre. "
                + "Pour toute question sur ce document, adressez-vous à la structure qui vous accompagne.",
        ];
        var outgoing = DocumentMail.Of(package, $"{ins}@{mss.PersonMailboxDomain}", $"Un document de votre accompagnement : {package.Title}", paragraphs,
            DeliveryMessageId.For(delivery.Id, delivery.AttemptsBeforeReplay, mss.Sender.FromAddress)) with
        {
            PatientReplyControl = "FIN",
        };

        return MailSendResult.Of(await mailer.SendAsync(outgoing, cancellationToken));
    }
}
