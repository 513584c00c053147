using MimeKit;
using Pcpe.Mss.Receiving;

namespace Pcpe.Mss.Reports;

/// <summary>
/// Builds processing receipts (MDN, RFC 8098) as the ANS LPS→MSS guide asks: multipart/report with a
/// readable text, the message/disposition-notification part and the original message.
/// </summary>
public static class MdnBuilder
{
    public static MimeMessage Processed(MimeMessage original, string gatewayAddress)
        => Build(original, gatewayAddress, "automatic-action/MDN-sent-automatically; processed",
            $"Accusé de traitement : {original.Subject}",
            "Votre message a été intégré par la passerelle PCPE.");

    public static MimeMessage Error(MimeMessage original, string gatewayAddress, IntegrationErrorCode code, string reason)
    {
        var label = Label(code);
        return Build(original, gatewayAddress, $"automatic-action/MDN-sent-automatically; processed/Error: {(int)code}^{label}",
            $"[KO Intégration système !][{(int)code}] {original.Subject}",
            $"Votre message n'a pas pu être intégré par la passerelle PCPE.\nCode {(int)code} ({label}) : {reason}\n");
    }

    /// <summary>The ANS label of an integration error code.</summary>
    public static string Label(IntegrationErrorCode code) => code switch
    {
        IntegrationErrorCode.WrongDocumentVersion => "Version du document incorrecte",
        IntegrationErrorCode.AuthorNotAuthorised => "Auteur non autorisé",
        IntegrationErrorCode.PatientUnknown => "Patient inconnu",
        IntegrationErrorCode.NoIns => "INS absent",
        IntegrationErrorCode.InsMismatch => "INS ne correspondant pas",
        IntegrationErrorCode.InsIncomplete => "INS incomplet",
        _ => "Autre erreur",
    };

    private static MimeMessage Build(MimeMessage original, string gatewayAddress, string disposition, string subject, string text)
    {
        var to = original.Headers[HeaderId.DispositionNotificationTo] is { Length: > 0 } dnt && InternetAddressList.TryParse(dnt, out var list)
            ? list
            : new InternetAddressList(original.ReplyTo.Count > 0 ? original.ReplyTo : original.From);
        var receipt = new MimeMessage
        {
            Subject = subject,
            Date = DateTimeOffset.UtcNow,
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(gatewayAddress.Split('@').Last()),
        };
        receipt.From.Add(MailboxAddress.Parse(gatewayAddress));
        receipt.To.AddRange(to);
        receipt.InReplyTo = original.MessageId;
        receipt.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");

        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Reporting-UA", "Pcpe.Gateway");
        if (original.Headers["Original-Recipient"] is { } originalRecipient)
        {
            notification.Fields.Add("Original-Recipient", originalRecipient);
        }

        notification.Fields.Add("Final-Recipient", $"rfc822;{gatewayAddress}");
        notification.Fields.Add("Original-Message-ID", $"<{original.MessageId}>");
        notification.Fields.Add("Disposition", disposition);

        var report = new MultipartReport("disposition-notification")
        {
            new TextPart("plain") { Text = text },
            notification,
            new MessagePart { Message = original },
        };
        receipt.Body = report;
        return receipt;
    }
}
