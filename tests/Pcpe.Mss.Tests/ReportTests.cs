using MimeKit;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Reports;

namespace Pcpe.Mss.Tests;

public class ReportTests
{
    private static MimeMessage Original()
    {
        var original = new MimeMessage { Subject = "Plan", MessageId = "orig-1@pcpe.test" };
        original.From.Add(MailboxAddress.Parse("coord.alice@pcpe.test"));
        original.To.Add(MailboxAddress.Parse("gateway@pcpe.test"));
        original.Headers.Add(HeaderId.DispositionNotificationTo, "coord.alice@pcpe.test");
        original.Body = new TextPart("plain") { Text = "x" };
        return original;
    }

    [Fact]
    public void An_error_MDN_carries_the_ANS_code_and_is_read_back_as_a_failure()
    {
        var mdn = MdnBuilder.Error(Original(), "gateway@pcpe.test", IntegrationErrorCode.NoIns, "no INS in the XDM metadata");

        Assert.Equal("[KO Intégration système !][903] Plan", mdn.Subject);
        Assert.Equal("coord.alice@pcpe.test", mdn.To.Mailboxes.Single().Address);
        var report = Assert.IsType<MultipartReport>(mdn.Body);
        Assert.Equal("disposition-notification", report.ReportType);
        var fields = report.OfType<MessageDispositionNotification>().Single().Fields;
        Assert.Equal("automatic-action/MDN-sent-automatically; processed/Error: 903^INS absent", fields["Disposition"]);
        Assert.Equal("<orig-1@pcpe.test>", fields["Original-Message-ID"]);
        Assert.Equal("orig-1@pcpe.test", report.OfType<MessagePart>().Single().Message!.MessageId);

        var parsed = DeliveryReportParser.TryParse(Reload(mdn));
        Assert.Equal(new DeliveryReport("orig-1@pcpe.test", DeliveryReportKind.Disposition, false, "integration error 903 (INS absent): automatic-action/MDN-sent-automatically; processed/Error: 903^INS absent", "gateway@pcpe.test") { IntegrationError = IntegrationErrorCode.NoIns }, parsed);
    }

    [Fact]
    public void A_processed_MDN_is_read_back_as_a_success()
    {
        var parsed = DeliveryReportParser.TryParse(Reload(MdnBuilder.Processed(Original(), "gateway@pcpe.test")));
        Assert.NotNull(parsed);
        Assert.True(parsed.Success);
        Assert.Equal("orig-1@pcpe.test", parsed.OriginalMessageId);
    }

    [Fact]
    public void A_failed_DSN_gives_the_status_and_diagnostic()
    {
        const string dsn = "From: MAILER-DAEMON@mail.pcpe.test\r\nTo: gateway@pcpe.test\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mail.pcpe.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
            + "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
            + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.pcpe.test\r\n\r\nFinal-Recipient: rfc822; nobody@hopital.test\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <253072B07300470@patient.mssante.fr>: User doesn't exist\r\n\r\n"
            + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: gateway@pcpe.test\r\nTo: nobody@hopital.test\r\nMessage-ID: <abc123@pcpe.test>\r\nSubject: plan\r\n\r\n--B--\r\n";
        var parsed = DeliveryReportParser.TryParse(MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(dsn))));

        Assert.NotNull(parsed);
        Assert.Equal("abc123@pcpe.test", parsed.OriginalMessageId);
        Assert.Equal(DeliveryReportKind.DeliveryStatus, parsed.Kind);
        Assert.False(parsed.Success);
        Assert.Equal("5.1.1 smtp; 550 5.1.1 <address>: User doesn't exist", parsed.Reason);
        // A person's own address is their INS: operators read the diagnostic without it, quoted whole or alone.
        Assert.DoesNotContain("253072B07300470", parsed.Reason, StringComparison.Ordinal);
        var bare = DeliveryReportParser.TryParse(MimeMessage.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(
            dsn.Replace("<253072B07300470@patient.mssante.fr>: User doesn't exist", "unknown user: \"253072b07300470\"", StringComparison.Ordinal)))));
        Assert.Equal("5.1.1 smtp; 550 5.1.1 unknown user: \"<identifier>\"", bare!.Reason);
    }

    [Theory]
    [InlineData("manual-action/MDN-sent-manually; displayed", true)]
    [InlineData("automatic-action/MDN-sent-automatically; processed", true)]
    [InlineData("automatic-action/MDN-sent-automatically; dispatched", true)]
    [InlineData("manual-action/MDN-sent-manually; deleted", false)]
    [InlineData("automatic-action/MDN-sent-automatically; failed", false)]
    public void An_MDN_written_by_another_software_says_whether_the_message_was_taken_in(string disposition, bool taken)
    {
        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Final-Recipient", "rfc822; admissions@hopital.test");
        notification.Fields.Add("Original-Message-ID", "<orig-1@pcpe.test>");
        notification.Fields.Add("Disposition", disposition);
        var mdn = new MimeMessage { Subject = "Accusé", Body = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "-" }, notification } };
        mdn.From.Add(MailboxAddress.Parse("admissions@hopital.test"));

        var parsed = DeliveryReportParser.TryParse(Reload(mdn));

        Assert.Equal(new DeliveryReport("orig-1@pcpe.test", DeliveryReportKind.Disposition, taken, disposition, "admissions@hopital.test"), parsed);
    }

    [Theory]
    // The ANS guide's own example (IG-hl7v2-volet-trans-lps-doc-cda-courriel-mss, struct-msg-mdn).
    [InlineData("automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu^messageErrorCondition| E^Error^errorSeverity", "[KO Intégration système !][902] XDM/1.0/DDM+PROJET PERSONNALISE", IntegrationErrorCode.PatientUnknown)]
    // A PFI that says KO in the subject only.
    [InlineData("automatic-action/MDN-sent-automatically; processed", "[KO Intégration système !][904] XDM/1.0/DDM+PROJET PERSONNALISE", IntegrationErrorCode.InsMismatch)]
    [InlineData("automatic-action/MDN-sent-automatically; processed", "Re: [KO Intégration système !][903] XDM/1.0/DDM+PROJET", IntegrationErrorCode.NoIns)]
    [InlineData("automatic-action/MDN-sent-automatically; processed/Error: 906^Autre", "Accusé", IntegrationErrorCode.Other)]
    [InlineData("automatic-action/MDN-sent-automatically; processed/Error: 977^Inconnu", "Accusé", IntegrationErrorCode.Other)]
    public void A_hospital_s_integration_KO_is_a_failure_with_the_ANS_code_and_its_meaning(string disposition, string subject, IntegrationErrorCode code)
    {
        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Final-Recipient", "rfc822; admissions@hopital.test");
        notification.Fields.Add("Original-Message-ID", "<orig-1@pcpe.test>");
        notification.Fields.Add("Disposition", disposition);
        var mdn = new MimeMessage { Subject = subject, Body = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "-" }, notification } };
        mdn.From.Add(MailboxAddress.Parse("admissions@hopital.test"));

        var parsed = DeliveryReportParser.TryParse(Reload(mdn));

        Assert.NotNull(parsed);
        Assert.False(parsed.Success);
        Assert.Equal(code, parsed.IntegrationError);
        Assert.StartsWith($"integration error {(int)code} ({MdnBuilder.Label(code)})", parsed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_integration_OK_from_a_hospital_is_a_success_with_no_error()
    {
        var notification = new MessageDispositionNotification();
        notification.Fields.Add("Final-Recipient", "rfc822; admissions@hopital.test");
        notification.Fields.Add("Original-Message-ID", "<orig-1@pcpe.test>");
        notification.Fields.Add("Disposition", "automatic-action/MDN-sent-automatically; processed");
        var mdn = new MimeMessage { Subject = "XDM/1.0/DDM+PROJET PERSONNALISE", Body = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "-" }, notification } };
        mdn.From.Add(MailboxAddress.Parse("admissions@hopital.test"));

        var parsed = DeliveryReportParser.TryParse(Reload(mdn));

        Assert.True(parsed!.Success);
        Assert.Null(parsed.IntegrationError);
    }

    [Fact]
    public void An_ordinary_message_is_no_report() => Assert.Null(DeliveryReportParser.TryParse(Original()));

    private static MimeMessage Reload(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        buffer.Position = 0;
        return MimeMessage.Load(buffer);
    }
}
