using MimeKit;

namespace Pcpe.Mss.Reports;

/// <summary>Recognises DSN and MDN reports among received messages and reads what they report.</summary>
public static partial class DeliveryReportParser
{
    /// <summary>The report, or null when the message is not a DSN/MDN (or names no original message).</summary>
    public static DeliveryReport? TryParse(MimeMessage message)
    {
        if (message.Body is not MultipartReport report)
        {
            return null;
        }

        var original = OriginalMessageId(report);
        switch (report.OfType<MessageDeliveryStatus>().FirstOrDefault())
        {
            case { } dsn when original is not null:
                var recipients = dsn.StatusGroups.Skip(1).ToList();
                var failed = recipients.FirstOrDefault(g => string.Equals(g["Action"]?.Trim(), "failed", StringComparison.OrdinalIgnoreCase));
                var delayed = recipients.Any(g => string.Equals(g["Action"]?.Trim(), "delayed", StringComparison.OrdinalIgnoreCase));
                if (delayed && failed is null)
                {
                    return null; // a delay warning changes nothing: the server keeps trying
                }

                var group = failed ?? recipients.FirstOrDefault();
                // The diagnostic quotes the address, or its local part alone, and a person's own address is their INS:
                // both are kept out of what operators read.
                var reason = group is null ? null : InsLike().Replace(MailAddress().Replace(
                    string.Join(" ", new[] { group["Status"], group["Diagnostic-Code"] }.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())),
                    "<address>"), "<identifier>");
                return new DeliveryReport(original, DeliveryReportKind.DeliveryStatus, failed is null, reason, Reporter(message));
        }

        var mdn = report.OfType<MessageDispositionNotification>().FirstOrDefault();
        if (mdn is null)
        {
            return null;
        }

        var originalId = Unbracket(mdn.Fields["Original-Message-ID"]) ?? original;
        if (originalId is null)
        {
            return null;
        }

        var disposition = mdn.Fields["Disposition"]?.Trim() ?? string.Empty;
        var type = disposition.Split(';').Last().Trim();
        // RFC 8098 types: displayed, processed, dispatched (printed, faxed, forwarded) took the message in; deleted
        // (unread) did not, and neither did one with an error or failure modifier (the ANS 90x integration errors).
        var success = type.StartsWith("processed", StringComparison.OrdinalIgnoreCase) || type.StartsWith("displayed", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("dispatched", StringComparison.OrdinalIgnoreCase);
        success &= !type.Contains("error", StringComparison.OrdinalIgnoreCase) && !type.Contains("failed", StringComparison.OrdinalIgnoreCase);
        var code = IntegrationError(disposition + " " + mdn.Fields["Error"], message.Subject?.Normalize(System.Text.NormalizationForm.FormC));
        if (code is { } error)
        {
            // The ANS guide (Ségur vague 2) says "KO" in the subject too: either one is a failure to integrate.
            return new DeliveryReport(originalId, DeliveryReportKind.Disposition, false, $"integration error {(int)error} ({MdnBuilder.Label(error)}): {disposition}", Reporter(message))
            {
                IntegrationError = error,
            };
        }

        return new DeliveryReport(originalId, DeliveryReportKind.Disposition, success, disposition, Reporter(message));
    }

    private static Receiving.IntegrationErrorCode? IntegrationError(string disposition, string? subject)
    {
        var found = ErrorInDisposition().Match(disposition) is { Success: true } d ? d.Groups[1].Value
            : subject is not null && KoSubject().Match(subject) is { Success: true } s ? s.Groups[1].Value
            : null;
        return found is null ? null
            : int.Parse(found, System.Globalization.CultureInfo.InvariantCulture) is var n && Enum.IsDefined(typeof(Receiving.IntegrationErrorCode), n)
                ? (Receiving.IntegrationErrorCode)n
                : Receiving.IntegrationErrorCode.Other;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Error:\s*(9\d\d)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ErrorInDisposition();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[KO Int[ée]gration syst[èe]me\s*!\]\s*\[(9\d\d)\]", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex KoSubject();

    private static string? OriginalMessageId(MultipartReport report)
    {
        foreach (var part in report.Skip(1))
        {
            switch (part)
            {
                // message/rfc822 and text/rfc822-headers (a MessagePart too) carry the original's headers.
                case MessagePart { Message.MessageId: { } id }:
                    return id;
                case MimePart { ContentType.MimeType: "text/rfc822-headers" } raw:
                    using (var stream = new MemoryStream())
                    {
                        raw.Content?.DecodeTo(stream);
                        stream.Position = 0;
                        var list = HeaderList.Load(stream);
                        return Unbracket(list[HeaderId.MessageId]);
                    }
            }
        }

        return null;
    }

    private static string? Reporter(MimeMessage message) => message.From.Mailboxes.FirstOrDefault()?.Address;

    private static string? Unbracket(string? value) => value?.Trim().Trim('<', '>') is { Length: > 0 } id ? id : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"<?[^\s<>@]+@[^\s<>@]+>?")]
    private static partial System.Text.RegularExpressions.Regex MailAddress();

    // A NIR or NIA, with or without its key (Corsica: 2A/2B).
    [System.Text.RegularExpressions.GeneratedRegex(@"\b\d{6}[\dAB]\d{6}(\d{2})?\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InsLike();
}
