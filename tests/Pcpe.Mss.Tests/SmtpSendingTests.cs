using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using MailKit.Net.Imap;
using MimeKit;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;
using Pcpe.Mss.Xdm;
using Pcpe.Testing;

namespace Pcpe.Mss.Tests;

/// <summary>Sends through the real Postfix (STARTTLS, client certificate) and reads back from the real Dovecot.</summary>
public class SmtpSendingTests
{
    private static readonly XNamespace Rim = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";

    private static byte[] SampleXdm(byte[] document)
        => XdmPackageWriter.Write(XdmSamples.Submission("295109912611193", "1.2.250.1.213.1.4.10", XdmSamples.Document(document)));

    [Fact]
    public async Task A_message_sent_with_the_gateway_certificate_reaches_the_hospital_mailbox_intact()
    {
        var document = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"document\"}");
        var options = MssOptionsFactory.Sender();
        var messageId = $"{Guid.NewGuid():N}@pcpe.test";
        var message = new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = TestEnvironment.HospitalMailbox,
            Subject = "Transmission d'un projet personnalisé",
            TextBody = "Document en pièce jointe.",
            XdmPackage = SampleXdm(document),
            MessageId = messageId,
            DispositionNotificationTo = TestEnvironment.GatewayMailbox,
        });

        await using (var sender = new MssSmtpSender(options))
        {
            await sender.SendAsync(message, CancellationToken.None);
        }

        var received = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, messageId, TimeSpan.FromSeconds(20));
        Assert.Equal(TestEnvironment.GatewayMailbox, received.From.Mailboxes.Single().Address);
        Assert.Equal("Transmission d'un projet personnalisé", received.Subject);
        Assert.Equal("PCPE-GATEWAY-TEST", received.Headers["X-MSS-NIL"]);
        Assert.Null(received.Headers["X-MSS-CODECDA"]);
        Assert.Equal(TestEnvironment.GatewayMailbox, received.Headers[HeaderId.DispositionNotificationTo]);

        var attachment = Assert.Single(received.Attachments.OfType<MimePart>());
        Assert.Equal("IHE_XDM.ZIP", attachment.FileName);
        Assert.Equal("application/zip", attachment.ContentType.MimeType);
        using var zipBytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(zipBytes);
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes);
        Assert.Equal(
            ["IHE_XDM/SUBSET01/DOC0001.JSN", "IHE_XDM/SUBSET01/METADATA.XML", "INDEX.HTM", "README.TXT"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        using var docStream = zip.GetEntry("IHE_XDM/SUBSET01/DOC0001.JSN")!.Open();
        using var docCopy = new MemoryStream();
        await docStream.CopyToAsync(docCopy);
        Assert.Equal(document, docCopy.ToArray());

        await using var metadataStream = zip.GetEntry("IHE_XDM/SUBSET01/METADATA.XML")!.Open();
        var metadata = await XDocument.LoadAsync(metadataStream, LoadOptions.None, CancellationToken.None);
        string Slot(string name) => metadata.Descendants(Rim + "Slot").Single(s => (string?)s.Attribute("name") == name).Descendants(Rim + "Value").Single().Value;
        Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(document)), Slot("hash"));
        Assert.Equal(document.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Slot("size"));
        Assert.Equal("295109912611193^^^&1.2.250.1.213.1.4.10&ISO", Slot("sourcePatientId"));
    }

    [Fact]
    public async Task One_connection_is_reused_for_a_batch()
    {
        var options = MssOptionsFactory.Sender();
        var ids = Enumerable.Range(0, 3).Select(_ => $"{Guid.NewGuid():N}@pcpe.test").ToList();
        await using (var sender = new MssSmtpSender(options))
        {
            foreach (var id in ids)
            {
                await sender.SendAsync(new MssMessageBuilder(options).Build(new OutgoingMessage
                {
                    To = TestEnvironment.HospitalMailbox,
                    Subject = "lot",
                    TextBody = "lot",
                    MessageId = id,
                }), CancellationToken.None);
            }
        }

        foreach (var id in ids)
        {
            Assert.NotNull(await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, id, TimeSpan.FromSeconds(20)));
        }
    }

    [Fact]
    public async Task A_certificate_from_another_CA_is_refused_by_the_server()
    {
        var options = MssOptionsFactory.Sender("rogue");
        await using var sender = new MssSmtpSender(options);
        var message = new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = TestEnvironment.HospitalMailbox,
            Subject = "rogue",
            TextBody = "rogue",
            MessageId = $"{Guid.NewGuid():N}@pcpe.test",
        });

        var refused = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => sender.SendAsync(message, CancellationToken.None));
        Assert.Equal(MailKit.Net.Smtp.SmtpStatusCode.TransactionFailed, refused.StatusCode);
    }

    [Fact]
    public async Task A_server_not_signed_by_the_configured_CA_is_not_trusted()
    {
        var options = MssOptionsFactory.Sender();
        // Trust only the rogue CA: the real server certificate must then be refused, never accepted.
        options.Smtp.CaBundlePath = Path.Combine(TestEnvironment.CertificateDirectory, "rogue-ca.crt");
        await using var sender = new MssSmtpSender(options);
        var message = new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = TestEnvironment.HospitalMailbox,
            Subject = "x",
            TextBody = "x",
            MessageId = $"{Guid.NewGuid():N}@pcpe.test",
        });

        var failure = await Assert.ThrowsAsync<MailTransportException>(() => sender.SendAsync(message, CancellationToken.None));
        Assert.Contains("UntrustedRoot", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_over_the_size_limit_is_refused_before_sending()
    {
        var options = MssOptionsFactory.Sender();
        options.MaxMessageBytes = 64 * 1024;
        var big = RandomNumberGenerator.GetBytes(100 * 1024);
        var tooLarge = Assert.Throws<MessageTooLargeException>(() => new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = TestEnvironment.HospitalMailbox,
            Subject = "big",
            TextBody = "big",
            XdmPackage = SampleXdm(big),
            MessageId = "big@pcpe.test",
        }));
        Assert.Equal(64 * 1024, tooLarge.Limit);
    }

    [Fact]
    public async Task The_applicative_mailbox_logs_in_to_IMAP_with_its_certificate_only()
    {
        using (var client = new ImapClient())
        {
            await MailConnector.ConnectAsync(client, MssOptionsFactory.Imap(), null, CancellationToken.None);
            Assert.True(client.IsAuthenticated);
            await client.DisconnectAsync(true);
        }

        // A certificate of a person (not an applicative mailbox) does not open the gateway's mailbox.
        using var other = new ImapClient();
        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(
            () => MailConnector.ConnectAsync(other, MssOptionsFactory.Imap("coordinator"), null, CancellationToken.None));
    }
}
