using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;
using Pcpe.Mss.Transport;

namespace Pcpe.Testing;

/// <summary>Reads a person's mailbox on the test Dovecot over IMAP (STARTTLS, password), as a mail client would.</summary>
public static class TestMailbox
{
    /// <summary>Waits until a message with this Message-ID arrives in the mailbox's INBOX and returns it.</summary>
    public static async Task<MimeMessage> WaitForMessageAsync(string mailbox, string messageId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var client = await ConnectAsync(mailbox);
            var inbox = client.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadOnly);
            var uids = await inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId));
            if (uids.Count > 0)
            {
                var message = await inbox.GetMessageAsync(uids[0]);
                await client.DisconnectAsync(true);
                return message;
            }

            await client.DisconnectAsync(true);
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no message {messageId} in {mailbox} after {timeout}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the answer (receipt, error report, reply) to a message, found by In-Reply-To.</summary>
    public static async Task<MimeMessage> WaitForReplyAsync(string mailbox, string originalMessageId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var client = await ConnectAsync(mailbox);
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            var uids = await client.Inbox.SearchAsync(SearchQuery.HeaderContains("In-Reply-To", originalMessageId));
            if (uids.Count > 0)
            {
                return await client.Inbox.GetMessageAsync(uids[0]);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no answer to {originalMessageId} in {mailbox} after {timeout}");
            }

            await Task.Delay(200);
        }
    }

    public static async Task<ImapClient> ConnectAsync(string mailbox)
    {
        var client = new ImapClient();
        // The throwaway test CA publishes no CRL, hence no revocation check here.
        client.ServerCertificateValidationCallback = new CaBundleTrust(TestEnvironment.CaBundle, checkRevocation: false).Validate;
        await client.ConnectAsync(TestEnvironment.ImapHost, TestEnvironment.ImapPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(mailbox, TestEnvironment.MailPassword);
        return client;
    }
}
