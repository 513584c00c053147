using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Delivery;

/// <summary>The mail that carries a document package: its text in plain and HTML forms, IHE_XDM.ZIP, the PDF beside it
/// and the MSSanté headers that describe the CDA. Each channel adds what its reader needs (receipts, no reply).</summary>
public static class DocumentMail
{
    public static OutgoingMessage Of(DocumentPackage package, string to, string subject, IReadOnlyList<string> paragraphs, string messageId)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(paragraphs);
        return new OutgoingMessage
        {
            To = to,
            Subject = subject,
            TextBody = string.Join("\n\n", paragraphs) + "\n",
            HtmlBody = "<!DOCTYPE html><html lang=\"fr\"><body>" + string.Concat(paragraphs.Select(p => $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>")) + "</body></html>",
            XdmPackage = Pcpe.Mss.Xdm.XdmPackageWriter.Write(package.Xdm),
            Attachments = package.Pdf is { } pdf ? [new MailAttachment("DOCUMENT.PDF", "application/pdf", pdf)] : [],
            CdaCodes = package.CdaCode is { } code ? [code] : [],
            QualifiedInsInCda = package.QualifiedIns,
            MessageId = messageId,
        };
    }
}
