using MimeKit;
using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Sending;

/// <summary>Builds MSSanté messages (MSSanté référentiel #2 headers, IHE_XDM.ZIP attachment) with MimeKit.</summary>
public sealed class MssMessageBuilder(MssSenderOptions options)
{
    public MimeMessage Build(OutgoingMessage outgoing)
    {
        var message = new MimeMessage
        {
            MessageId = outgoing.MessageId,
            Subject = outgoing.Subject,
            Date = DateTimeOffset.UtcNow,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(MailboxAddress.Parse(outgoing.To));
        foreach (var cc in outgoing.Cc)
        {
            message.Cc.Add(MailboxAddress.Parse(cc));
        }

        message.Headers.Add("X-MSS-NIL", options.ProductReference);
        if (outgoing.CdaCodes.Count > 0)
        {
            message.Headers.Add("X-MSS-CODECDA", string.Join(",", outgoing.CdaCodes));
            message.Headers.Add("X-MSS-INS", outgoing.QualifiedInsInCda ? "O" : "N");
        }

        if (outgoing.PatientReplyControl is { } control)
        {
            message.Headers.Add("X-MSS-MES", control);
        }

        if (outgoing.DispositionNotificationTo is { } receiptTo)
        {
            message.Headers.Add(HeaderId.DispositionNotificationTo, receiptTo);
        }

        var body = new BodyBuilder { TextBody = outgoing.TextBody, HtmlBody = outgoing.HtmlBody };
        if (outgoing.XdmPackage is { } xdm)
        {
            body.Attachments.Add(XdmPackageWriter.AttachmentName, xdm.ToArray(), new ContentType("application", "zip"));
        }

        foreach (var attachment in outgoing.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content.ToArray(), ContentType.Parse(attachment.MediaType));
        }

        message.Body = body.ToMessageBody();
        // Base64 grows content by 4/3 plus line breaks; only a message that may come near the limit
        // is serialised to be measured exactly.
        var estimate = (((outgoing.XdmPackage?.Length ?? 0) + outgoing.Attachments.Sum(a => (long)a.Content.Length)) * 140L / 100) + ((outgoing.TextBody.Length + (outgoing.HtmlBody?.Length ?? 0)) * 3L) + 16 * 1024;
        if (estimate > options.MaxMessageBytes * 9 / 10 && MeasureBytes(message) is var size && size > options.MaxMessageBytes)
        {
            throw new MessageTooLargeException(size, options.MaxMessageBytes);
        }

        return message;
    }

    private static long MeasureBytes(MimeMessage message)
    {
        using var counter = new MimeKit.IO.MeasuringStream();
        message.WriteTo(counter);
        return counter.Length;
    }
}
