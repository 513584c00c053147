using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Pcpe.Mss.Xdm;

namespace Pcpe.Mss.Receiving;

/// <summary>
/// Turns a received MIME message into an <see cref="IncomingMessage"/>: text, attachments recognised
/// (PDF, FHIR JSON/XML, PCPE JSON), IHE_XDM.ZIP unpacked and verified. Anything it cannot read safely
/// is a <see cref="MessageRejectedException"/> naming the problem.
/// </summary>
public static class IncomingMessageReader
{
    // .NET knows only Unicode and Latin-1 by default: without the code-page provider MimeKit reads
    // windows-1252, ISO-2022-JP… as Latin-1 and mangles what coordinators' mail programs send.
    static IncomingMessageReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Parser options for received mail: undeclared 8-bit headers read as Latin-1, bounded nesting.</summary>
    public static ParserOptions ParserOptions { get; } = new()
    {
        CharsetEncoding = Encoding.Latin1,
        MaxMimeDepth = 32,
    };

    public static IncomingMessage Read(MimeMessage message, IncomingLimits? limits = null)
    {
        limits ??= IncomingLimits.Default;
        var from = message.From.Mailboxes.FirstOrDefault()?.Address
            ?? throw new MessageRejectedException(IntegrationErrorCode.Other, "the message has no From address");
        var state = new WalkState(limits);
        Walk(message.Body, 0, state);

        return new IncomingMessage
        {
            MessageId = message.MessageId ?? throw new MessageRejectedException(IntegrationErrorCode.Other, "the message has no Message-ID"),
            From = from,
            To = message.To.Mailboxes.Select(m => m.Address).ToList(),
            Subject = message.Subject ?? string.Empty,
            Sent = message.Date,
            Text = state.Text,
            Attachments = state.Attachments,
            Xdm = state.Xdm,
            DispositionNotificationTo = message.Headers[HeaderId.DispositionNotificationTo] is { Length: > 0 } dnt
                ? MailboxAddress.TryParse(dnt, out var address) ? address.Address : null
                : null,
            Signed = state.Signed,
        };
    }

    private static void Walk(MimeEntity? entity, int depth, WalkState state)
    {
        if (entity is null)
        {
            return;
        }

        if (depth > state.Limits.MaxNesting)
        {
            throw new MessageRejectedException(IntegrationErrorCode.Other, $"the message nests parts deeper than {state.Limits.MaxNesting} levels");
        }

        switch (entity)
        {
            case MultipartSigned signed:
                // The signature is not a document; the signed content is read like any other body.
                state.Signed = true;
                Walk(signed.Count > 0 ? signed[0] : null, depth + 1, state);
                break;
            case ApplicationPkcs7Mime:
                throw new MessageRejectedException(IntegrationErrorCode.Other, "encrypted or opaque-signed S/MIME content cannot be read by this mailbox; send it signed in clear (multipart/signed) or unsigned");
            case Multipart multipart:
                foreach (var part in multipart)
                {
                    Walk(part, depth + 1, state);
                }

                break;
            case MessagePart forwarded:
                Walk(forwarded.Message?.Body, depth + 1, state);
                break;
            case TextPart text when !text.IsAttachment:
                if (text.IsPlain)
                {
                    state.Text ??= text.Text;
                }
                else if (text.IsHtml && state.Text is null)
                {
                    state.Text = HtmlText(text.Text);
                }

                break;
            case MimePart part:
                AddAttachment(part, state);
                break;
        }
    }

    private static void AddAttachment(MimePart part, WalkState state)
    {
        if (state.Attachments.Count >= state.Limits.MaxAttachments)
        {
            throw new MessageRejectedException(IntegrationErrorCode.Other, $"more than {state.Limits.MaxAttachments} attachments");
        }

        using var buffer = new MemoryStream();
        using (var limited = new LimitedWriteStream(buffer, state.Limits.MaxAttachmentBytes - state.AttachmentBytes))
        {
            part.Content?.DecodeTo(limited);
        }

        var content = buffer.ToArray();
        state.AttachmentBytes += content.LongLength;
        var name = part.FileName ?? "attachment";
        var mimeType = part.ContentType.MimeType.ToLowerInvariant();
        if (name.Equals(XdmPackageWriter.AttachmentName, StringComparison.OrdinalIgnoreCase)
            || (mimeType is "application/zip" or "application/x-zip-compressed" && name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)))
        {
            if (state.Xdm is not null)
            {
                throw new MessageRejectedException(IntegrationErrorCode.Other, "more than one IHE_XDM.ZIP in the message");
            }

            try
            {
                state.Xdm = XdmPackageReader.Read(content, state.Limits.Xdm);
            }
            catch (XdmPackageException ex)
            {
                throw new MessageRejectedException(IntegrationErrorCode.Other, $"IHE_XDM.ZIP refused ({ex.Error}): {ex.Message}", ex);
            }

            foreach (var document in state.Xdm.Documents)
            {
                state.Attachments.Add(new IncomingAttachment(document.Uri, document.MimeType, AttachmentKind.XdmDocument, document.Content));
            }

            return;
        }

        state.Attachments.Add(new IncomingAttachment(name, mimeType, Classify(name, mimeType, content), content));
    }

    private static AttachmentKind Classify(string name, string mimeType, byte[] content)
    {
        if (mimeType == "application/pdf" || content.AsSpan().StartsWith("%PDF-"u8))
        {
            return AttachmentKind.Pdf;
        }

        if (mimeType is "application/fhir+xml" || (name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && content.AsSpan().IndexOf("http://hl7.org/fhir"u8) >= 0))
        {
            return AttachmentKind.FhirXml;
        }

        if (mimeType is "application/fhir+json" or "application/json" || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var head = content.AsSpan(0, Math.Min(content.Length, 4096));
            if (head.IndexOf("\"resourceType\""u8) >= 0)
            {
                return AttachmentKind.FhirJson;
            }

            if (head.IndexOf("\"documentId\""u8) >= 0)
            {
                return AttachmentKind.PcpeJson;
            }
        }

        return AttachmentKind.Other;
    }

    private static string HtmlText(string html)
    {
        var withoutTags = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return System.Net.WebUtility.HtmlDecode(withoutTags).Trim();
    }

    private sealed class WalkState(IncomingLimits limits)
    {
        public IncomingLimits Limits { get; } = limits;

        public string? Text { get; set; }

        public List<IncomingAttachment> Attachments { get; } = [];

        public XdmPackage? Xdm { get; set; }

        public bool Signed { get; set; }

        public long AttachmentBytes { get; set; }
    }
}
