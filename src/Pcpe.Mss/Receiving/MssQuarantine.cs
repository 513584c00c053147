using MailKit;
using MailKit.Net.Imap;
using Pcpe.Mss.Reports;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Receiving;

/// <summary>Reads the quarantine folder of the applicative mailbox for operators, newest first, without marking
/// or moving anything (the folder is opened read-only).</summary>
public sealed class MssQuarantine(MssReceiverOptions options, Func<CancellationToken, Task<string>>? oauthToken = null)
{
    public async Task<IReadOnlyList<QuarantinedMessage>> ListAsync(int max, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await MailConnector.ConnectAsync(client, options.Imap, oauthToken, cancellationToken);
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        IMailFolder folder;
        try
        {
            folder = await root.GetSubfolderAsync(options.QuarantineFolder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            await client.DisconnectAsync(true, cancellationToken);
            return [];
        }

        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        var listed = new List<QuarantinedMessage>();
        if (folder.Count > 0)
        {
            var first = Math.Max(0, folder.Count - max);
            var request = new FetchRequest(MessageSummaryItems.Envelope | MessageSummaryItems.InternalDate | MessageSummaryItems.Flags)
            {
                Headers = new HeaderSet([MssMailboxReader.QuarantineReasonHeader]),
            };
            foreach (var summary in await folder.FetchAsync(first, -1, request, cancellationToken))
            {
                listed.Add(Describe(summary));
            }
        }

        await client.DisconnectAsync(true, cancellationToken);
        return listed.OrderByDescending(m => m.Received).ToList();
    }

    private static QuarantinedMessage Describe(IMessageSummary summary)
    {
        var sender = summary.Envelope?.From.Mailboxes.FirstOrDefault()?.Address ?? "(inconnu)";
        var received = summary.InternalDate ?? summary.Envelope?.Date ?? DateTimeOffset.MinValue;
        // "903 reason", as the reader wrote it.
        var header = summary.Headers?[MssMailboxReader.QuarantineReasonHeader]?.Trim();
        if (header is { Length: > 3 } && int.TryParse(header[..3], out var number) && Enum.IsDefined(typeof(IntegrationErrorCode), number))
        {
            var code = (IntegrationErrorCode)number;
            return new QuarantinedMessage(received, sender, code, MdnBuilder.Label(code), header[3..].Trim());
        }

        var unreadable = summary.Keywords?.Contains(MssMailboxReader.UnreadableMimeKeyword) == true;
        return new QuarantinedMessage(received, sender, null, unreadable ? "Message illisible" : "Sans motif", unreadable ? "not a MIME message" : string.Empty);
    }
}
