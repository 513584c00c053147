using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Reports;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;
using Pcpe.Testing;

namespace Pcpe.Mss.Tests;

/// <summary>
/// The gateway's applicative mailbox read over IMAP (client certificate) on the real Dovecot, fed by
/// coordinators sending through the real Postfix. One class: these tests share the mailbox, so run in turn.
/// </summary>
public sealed class MailboxReaderTests : IAsyncLifetime
{
    private const string Alice = "coord.alice@pcpe.test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly MssSmtpSender _replies = new(MssOptionsFactory.Sender());
    private readonly RecordingHandler _handler = new();

    private static MssReceiverOptions Options() => new()
    {
        MailboxAddress = TestEnvironment.GatewayMailbox,
        Imap = MssOptionsFactory.Imap(),
        KnownSenders = [Alice, "coord.bob@pcpe.test"],
        PollSeconds = 1,
    };

    private MssMailboxReader Reader() => new(Options(), _replies, NullLogger<MssMailboxReader>.Instance);

    public async Task InitializeAsync()
    {
        // Start from an empty mailbox: earlier tests' messages must not be read again.
        using var client = await GatewayImapAsync();
        foreach (var folder in await client.GetFolder(client.PersonalNamespaces[0]).GetSubfoldersAsync(false))
        {
            await EmptyAsync(folder);
        }

        await EmptyAsync(client.Inbox);
        await client.DisconnectAsync(true);
    }

    public async Task DisposeAsync() => await _replies.DisposeAsync();

    [Fact]
    public async Task A_coordinator_free_text_with_a_PDF_is_read_stored_and_moved_to_Processed()
    {
        var message = CoordinatorMail.New(Alice, "Point de situation", "Bonjour, voici le compte rendu de la visite.");
        var body = new BodyBuilder { TextBody = "Bonjour, voici le compte rendu de la visite." };
        body.Attachments.Add("compte-rendu.pdf", "%PDF-1.4\n% visite\n"u8.ToArray(), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        await CoordinatorMail.SendAsync(Alice, message);

        await ProcessUntilAsync(() => _handler.Stored.ContainsKey(message.MessageId!));

        var stored = _handler.Stored[message.MessageId!];
        Assert.Equal(Alice, stored.From);
        Assert.Equal("Point de situation", stored.Subject);
        Assert.Contains("compte rendu de la visite", stored.Text, StringComparison.Ordinal);
        var pdf = Assert.Single(stored.Attachments);
        Assert.Equal(AttachmentKind.Pdf, pdf.Kind);
        Assert.Equal("compte-rendu.pdf", pdf.FileName);
        Assert.Null(stored.Ins);
        Assert.Equal((0, 1), await CountsAsync("INBOX", "Processed", message.MessageId!));
    }

    [Fact]
    public async Task An_XDM_with_a_wrong_hash_is_quarantined_and_the_sender_gets_an_error_MDN()
    {
        var message = CoordinatorMail.New(Alice, "Plan de transition", "Voir IHE_XDM.ZIP");
        message.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        var body = new BodyBuilder { TextBody = "Voir IHE_XDM.ZIP" };
        body.Attachments.Add("IHE_XDM.ZIP", File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "xdm-hash-mismatch.zip")), new ContentType("application", "zip"));
        message.Body = body.ToMessageBody();
        await CoordinatorMail.SendAsync(Alice, message);

        await ProcessUntilAsync(async () => (await CountsAsync("INBOX", "Quarantine", message.MessageId!)).Item2 == 1);

        Assert.Empty(_handler.Stored);
        using (var client = await GatewayImapAsync())
        {
            var quarantine = await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync("Quarantine");
            await quarantine.OpenAsync(FolderAccess.ReadOnly);
            var uid = (await quarantine.SearchAsync(SearchQuery.HeaderContains("Message-ID", message.MessageId!))).Single();
            var quarantined = await quarantine.GetMessageAsync(uid);
            Assert.StartsWith("906 IHE_XDM.ZIP refused (HashMismatch)", quarantined.Headers[MssMailboxReader.QuarantineReasonHeader], StringComparison.Ordinal);
        }

        var mdn = await TestMailbox.WaitForReplyAsync(Alice, message.MessageId!, Wait);
        Assert.StartsWith("[KO Intégration système !][906]", mdn.Subject, StringComparison.Ordinal);
        var report = DeliveryReportParser.TryParse(mdn);
        Assert.NotNull(report);
        Assert.False(report.Success);
        Assert.Contains("processed/Error: 906^", report.Reason, StringComparison.Ordinal);
        Assert.Equal(message.MessageId!, report.OriginalMessageId);
    }

    [Fact]
    public async Task A_message_from_an_unknown_sender_is_quarantined_and_the_sender_is_told_why()
    {
        const string outsider = "outsider@pcpe.test";
        var message = CoordinatorMail.New(outsider, "Demande", "Pouvez-vous m'envoyer le plan ?");
        await CoordinatorMail.SendAsync(outsider, message);

        await ProcessUntilAsync(async () => (await CountsAsync("INBOX", "Quarantine", message.MessageId!)).Item2 == 1);

        Assert.Empty(_handler.Stored);
        var reply = await TestMailbox.WaitForReplyAsync(outsider, message.MessageId!, Wait);
        Assert.Equal("[KO Intégration système !][901] Demande", reply.Subject);
        Assert.Contains("not a coordinator known", reply.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-replied", reply.Headers[HeaderId.AutoSubmitted]);
    }

    [Fact]
    public async Task When_storing_fails_the_message_stays_in_the_inbox_and_is_stored_once_later()
    {
        _handler.FailuresToSimulate = 1;
        var message = CoordinatorMail.New(Alice, "Urgent", "Hospitalisation prévue lundi.");
        message.Headers.Add(HeaderId.DispositionNotificationTo, Alice);
        await CoordinatorMail.SendAsync(Alice, message);

        await ProcessUntilAsync(() => _handler.Calls >= 1);
        Assert.Empty(_handler.Stored);
        Assert.Equal((1, 0), await CountsAsync("INBOX", "Processed", message.MessageId!));

        await ProcessUntilAsync(() => _handler.Stored.ContainsKey(message.MessageId!));
        Assert.Equal(2, _handler.Calls);
        Assert.Equal((0, 1), await CountsAsync("INBOX", "Processed", message.MessageId!));
        var receipt = await TestMailbox.WaitForReplyAsync(Alice, message.MessageId!, Wait);
        Assert.True(DeliveryReportParser.TryParse(receipt)!.Success);
    }

    [Fact]
    public async Task A_bounce_of_a_message_the_gateway_sent_is_reported_against_its_Message_ID()
    {
        var options = MssOptionsFactory.Sender();
        var sent = new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = "nobody@hopital.test",
            Subject = "Transmission",
            TextBody = "x",
            MessageId = $"{Guid.NewGuid():N}@pcpe.test",
        });
        await _replies.SendAsync(sent, CancellationToken.None);

        await ProcessUntilAsync(() => _handler.Reports.Any(r => r.OriginalMessageId == sent.MessageId!));

        var report = _handler.Reports.Single(r => r.OriginalMessageId == sent.MessageId!);
        Assert.Equal(DeliveryReportKind.DeliveryStatus, report.Kind);
        Assert.False(report.Success);
        Assert.Contains("5.1.1", report.Reason, StringComparison.Ordinal);
        Assert.Empty(_handler.Stored);
    }

    [Fact]
    public async Task A_message_that_is_not_MIME_is_moved_to_Quarantine_with_a_keyword_saying_so()
    {
        // Delivered as an MDA does, into the mailbox's Maildir (SMTP would add headers and make it MIME).
        var maildir = Path.Combine(TestEnvironment.Get("PCPE_TEST_DIR"), "mail", "pcpe.test", "gateway");
        var name = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.{Guid.NewGuid():N}.pcpe-test";
        await File.WriteAllTextAsync(Path.Combine(maildir, "tmp", name), "not a header line\r\n\r\nbody\r\n");
        File.Move(Path.Combine(maildir, "tmp", name), Path.Combine(maildir, "new", name));

        await ProcessUntilAsync(async () => await CountAllAsync("Quarantine") == 1);

        Assert.Equal(0, await CountAllAsync("INBOX"));
        Assert.Empty(_handler.Stored);
        using var client = await GatewayImapAsync();
        var quarantine = await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync("Quarantine");
        await quarantine.OpenAsync(FolderAccess.ReadOnly);
        var summary = (await quarantine.FetchAsync(0, -1, MessageSummaryItems.Flags)).Single();
        Assert.Contains(MssMailboxReader.UnreadableMimeKeyword, summary.Keywords);
    }

    [Fact]
    public async Task The_reader_waits_with_IDLE_and_picks_up_new_mail_at_once()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = Reader().RunAsync(_handler, null, cancel.Token);
        await Task.Delay(1000);
        var message = CoordinatorMail.New("coord.bob@pcpe.test", "Nouvelle", "Arrivée pendant l'attente.");
        await CoordinatorMail.SendAsync("coord.bob@pcpe.test", message);

        var deadline = DateTime.UtcNow + Wait;
        while (!_handler.Stored.ContainsKey(message.MessageId!) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await cancel.CancelAsync();
        await running;
        Assert.True(_handler.Stored.ContainsKey(message.MessageId!));
    }

    private async Task ProcessUntilAsync(Func<bool> done) => await ProcessUntilAsync(() => Task.FromResult(done()));

    private async Task ProcessUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            await Reader().ProcessOnceAsync(_handler, CancellationToken.None);
            if (await done())
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the mailbox did not reach the expected state in time");
            await Task.Delay(200);
        }
    }

    private static async Task<(int, int)> CountsAsync(string first, string second, string messageId)
    {
        using var client = await GatewayImapAsync();
        async Task<int> Count(string name)
        {
            var folder = name == "INBOX" ? client.Inbox : await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync(name);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            return (await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId))).Count;
        }

        return (await Count(first), await Count(second));
    }

    private static async Task<int> CountAllAsync(string folderName)
    {
        using var client = await GatewayImapAsync();
        var folder = folderName == "INBOX" ? client.Inbox : await client.GetFolder(client.PersonalNamespaces[0]).GetSubfolderAsync(folderName);
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return folder.Count;
    }

    private static async Task<ImapClient> GatewayImapAsync()
    {
        var client = new ImapClient();
        await MailConnector.ConnectAsync(client, MssOptionsFactory.Imap(), null, CancellationToken.None);
        return client;
    }

    private static async Task EmptyAsync(IMailFolder folder)
    {
        await folder.OpenAsync(FolderAccess.ReadWrite);
        if (folder.Count > 0)
        {
            await folder.AddFlagsAsync(MailKit.UniqueIdRange.All, MessageFlags.Deleted, true);
            await folder.ExpungeAsync();
        }

        await folder.CloseAsync();
    }
}
