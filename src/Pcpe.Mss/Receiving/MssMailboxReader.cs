using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;
using MimeKit;
using Pcpe.Mss.Reports;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Receiving;

/// <summary>
/// Reads the applicative mailbox (flow 4). A message is moved to Processed only after the handler
/// stored it; a refused one is copied to Quarantine with its reason before it leaves the inbox; a
/// message whose handling failed for another reason stays in the inbox. Nothing is deleted first.
/// </summary>
public sealed partial class MssMailboxReader(
    MssReceiverOptions options,
    MssSmtpSender replies,
    ILogger<MssMailboxReader> logger,
    Func<CancellationToken, Task<string>>? oauthToken = null)
{
    public const string QuarantineReasonHeader = "X-Pcpe-Quarantine-Reason";

    /// <summary>The IMAP keyword of a quarantined message that is not MIME (it cannot carry the reason header).</summary>
    public const string UnreadableMimeKeyword = "PcpeUnreadableMime";

    /// <summary>One pass over the inbox on a fresh connection.</summary>
    public async Task<MailboxRound> ProcessOnceAsync(IIncomingMessageHandler handler, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await MailConnector.ConnectAsync(client, options.Imap, oauthToken, cancellationToken);
        var round = await ProcessInboxAsync(client, handler, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
        return round;
    }

    /// <summary>Processes the inbox, then waits with IDLE (or polls) for more, until cancelled; reconnects after failures.</summary>
    /// <param name="handler">What is done with each message.</param>
    /// <param name="watch">Told of each pass and each failure to reach the mailbox (the console shows them).</param>
    /// <param name="cancellationToken">Stops the reader.</param>
    public async Task RunAsync(IIncomingMessageHandler handler, IProgress<MailboxActivity>? watch, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var client = new ImapClient();
                await MailConnector.ConnectAsync(client, options.Imap, oauthToken, cancellationToken);
                failures = 0;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var round = await ProcessInboxAsync(client, handler, cancellationToken);
                    watch?.Report(new MailboxActivity(round, null));
                    if (round.LeftForRetry > 0)
                    {
                        // Storage failed for some: try them again after a pause, not in a tight loop.
                        await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), cancellationToken);
                        continue;
                    }

                    await WaitForMailAsync(client, cancellationToken);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // MailKit drops a connection whose command is cancelled: whatever it threw, we were asked to stop.
                return;
            }
            catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or MailKit.CommandException or MailKit.ServiceNotConnectedException or MailTransportException or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException)
            {
                failures++;
                LogReaderFailed(logger, ex.GetType().Name, failures);
                watch?.Report(new MailboxActivity(null, ex.GetType().Name));
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, failures))), cancellationToken);
            }
        }
    }

    private async Task WaitForMailAsync(ImapClient client, CancellationToken cancellationToken)
    {
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await Task.Delay(TimeSpan.FromSeconds(options.PollSeconds), cancellationToken);
            return;
        }

        using var done = new CancellationTokenSource(TimeSpan.FromMinutes(options.IdleMinutes));
        void OnCountChanged(object? sender, EventArgs e) => done.Cancel();
        client.Inbox.CountChanged += OnCountChanged;
        try
        {
            // The server may have announced new mail in the reply to the pass's last command, before
            // this handler existed: a pass leaves the inbox empty, so anything in it now is new.
            if (client.Inbox.Count > 0)
            {
                return;
            }

            await client.IdleAsync(done.Token, cancellationToken);
        }
        finally
        {
            client.Inbox.CountChanged -= OnCountChanged;
        }
    }

    private async Task<MailboxRound> ProcessInboxAsync(ImapClient client, IIncomingMessageHandler handler, CancellationToken cancellationToken)
    {
        var inbox = client.Inbox;
        if (!inbox.IsOpen || inbox.Access != FolderAccess.ReadWrite)
        {
            await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        }

        var processedFolder = await EnsureFolderAsync(client, options.ProcessedFolder, cancellationToken);
        var quarantineFolder = await EnsureFolderAsync(client, options.QuarantineFolder, cancellationToken);
        int processed = 0, reports = 0, quarantined = 0, left = 0;
        foreach (var uid in await inbox.SearchAsync(SearchQuery.All, cancellationToken))
        {
            var message = await LoadAsync(inbox, uid, cancellationToken);
            if (message is null)
            {
                // Marked while still in the inbox: a move keeps keywords, and the UID is the inbox's only until then. A
                // server that takes no custom keyword still gets the message out of the inbox.
                try
                {
                    await inbox.AddFlagsAsync(uid, MessageFlags.None, new HashSet<string> { UnreadableMimeKeyword }, true, cancellationToken);
                }
                catch (ImapCommandException)
                {
                    LogKeywordRefused(logger, uid.Id);
                }

                await inbox.MoveToAsync(uid, quarantineFolder, cancellationToken);
                LogQuarantined(logger, uid.Id, (int)IntegrationErrorCode.Other);
                quarantined++;
                continue;
            }

            try
            {
                if (DeliveryReportParser.TryParse(message) is { } report)
                {
                    await handler.HandleReportAsync(report, cancellationToken);
                    await inbox.MoveToAsync(uid, processedFolder, cancellationToken);
                    reports++;
                    continue;
                }

                if (!IsKnownSender(message) && !(message.From.Mailboxes.FirstOrDefault()?.Address is { } sender && await handler.IsCoordinatorAsync(sender, cancellationToken)))
                {
                    throw new MessageRejectedException(IntegrationErrorCode.AuthorNotAuthorised, "the sender is not a coordinator known to this gateway");
                }

                var incoming = IncomingMessageReader.Read(message, options.Limits);
                await handler.HandleMessageAsync(incoming, cancellationToken);
                await inbox.MoveToAsync(uid, processedFolder, cancellationToken);
                processed++;
                LogProcessed(logger, uid.Id, incoming.Attachments.Count);
                if (incoming.DispositionNotificationTo is not null && !IsAutomatic(message))
                {
                    await SendQuietlyAsync(MdnBuilder.Processed(message, options.MailboxAddress), cancellationToken);
                }
            }
            catch (MessageRejectedException rejected)
            {
                await QuarantineAsync(inbox, uid, message, quarantineFolder, rejected, cancellationToken);
                quarantined++;
                LogQuarantined(logger, uid.Id, (int)rejected.Code);
                if (!IsAutomatic(message))
                {
                    await SendQuietlyAsync(Answer(message, rejected), cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not MailKit.ProtocolException && ex is not IOException)
            {
                // Storage failed or another transient problem: leave the message in the inbox for the next round.
                left++;
                LogLeftForRetry(logger, uid.Id, ex.GetType().Name);
            }
        }

        return new MailboxRound(processed, reports, quarantined, left);
    }

    private static async Task<MimeMessage?> LoadAsync(IMailFolder inbox, UniqueId uid, CancellationToken cancellationToken)
    {
        await using var raw = await inbox.GetStreamAsync(uid, string.Empty, cancellationToken);
        try
        {
            return await MimeMessage.LoadAsync(IncomingMessageReader.ParserOptions, raw, cancellationToken);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task QuarantineAsync(IMailFolder inbox, UniqueId uid, MimeMessage message, IMailFolder quarantine, MessageRejectedException rejected, CancellationToken cancellationToken)
    {
        // Copy with the reason first, then remove from the inbox: at no instant is the message nowhere.
        // A sender's own header of that name must not pass for the gateway's reason.
        message.Headers.RemoveAll(QuarantineReasonHeader);
        message.Headers.Add(QuarantineReasonHeader, $"{(int)rejected.Code} {rejected.Message}");
        await quarantine.AppendAsync(new AppendRequest(message, MessageFlags.None), cancellationToken);
        message.Headers.Remove(QuarantineReasonHeader);
        await inbox.AddFlagsAsync(uid, MessageFlags.Deleted, true, cancellationToken);
        await inbox.ExpungeAsync([uid], cancellationToken);
    }

    private MimeMessage Answer(MimeMessage original, MessageRejectedException rejected)
    {
        if (original.Headers[HeaderId.DispositionNotificationTo] is { Length: > 0 })
        {
            return MdnBuilder.Error(original, options.MailboxAddress, rejected.Code, rejected.Message);
        }

        var reply = new MimeMessage
        {
            Subject = $"[KO Intégration système !][{(int)rejected.Code}] {original.Subject}",
            InReplyTo = original.MessageId,
            Date = DateTimeOffset.UtcNow,
            MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(options.MailboxAddress.Split('@').Last()),
            Body = new TextPart("plain")
            {
                Text = $"Votre message n'a pas pu être intégré par la passerelle PCPE.\nCode {(int)rejected.Code} ({MdnBuilder.Label(rejected.Code)}) : {rejected.Message}\n",
            },
        };
        reply.From.Add(MailboxAddress.Parse(options.MailboxAddress));
        reply.To.AddRange(original.ReplyTo.Count > 0 ? original.ReplyTo : original.From);
        reply.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        return reply;
    }

    private async Task SendQuietlyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await replies.SendAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is MailKit.Net.Smtp.SmtpCommandException or MailTransportException or IOException or MailKit.ProtocolException)
        {
            // The message itself is safe (stored or quarantined); only the answer is lost.
            LogAnswerFailed(logger, ex.GetType().Name);
        }
    }

    private bool IsKnownSender(MimeMessage message)
        => message.From.Mailboxes.FirstOrDefault()?.Address is { } from
            && options.KnownSenders.Contains(from, StringComparer.OrdinalIgnoreCase);

    // RFC 3834: never answer automatic messages (loops), nor reports, nor ourselves.
    private bool IsAutomatic(MimeMessage message)
        => (message.Headers[HeaderId.AutoSubmitted] is { } auto && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || message.Body is MultipartReport
            || message.From.Mailboxes.Any(m => m.Address.Equals(options.MailboxAddress, StringComparison.OrdinalIgnoreCase));

    private static async Task<IMailFolder> EnsureFolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        var root = client.GetFolder(client.PersonalNamespaces[0]);
        try
        {
            return await root.GetSubfolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            return await root.CreateAsync(name, true, cancellationToken)
                ?? throw new MailTransportException($"the mail server did not create the folder {name}");
        }
    }

    [LoggerMessage(101, LogLevel.Information, "Mail UID {Uid} stored and moved to Processed ({Attachments} attachments)")]
    private static partial void LogProcessed(ILogger logger, uint uid, int attachments);

    [LoggerMessage(102, LogLevel.Warning, "Mail UID {Uid} quarantined with integration error {Code}")]
    private static partial void LogQuarantined(ILogger logger, uint uid, int code);

    [LoggerMessage(108, LogLevel.Warning, "Mail UID {Uid}: the server refused the quarantine keyword; the message is moved without it")]
    private static partial void LogKeywordRefused(ILogger logger, uint uid);

    [LoggerMessage(103, LogLevel.Warning, "Mail UID {Uid} left in the inbox for the next round: {Error}")]
    private static partial void LogLeftForRetry(ILogger logger, uint uid, string error);

    [LoggerMessage(104, LogLevel.Warning, "Could not send a receipt or answer: {Error}")]
    private static partial void LogAnswerFailed(ILogger logger, string error);

    [LoggerMessage(105, LogLevel.Warning, "Mailbox reader connection failed ({Error}), attempt {Failures}; reconnecting")]
    private static partial void LogReaderFailed(ILogger logger, string error, int failures);
}
