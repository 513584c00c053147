using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Sending;

namespace Pcpe.Gateway.Mail;

/// <summary>Reads the applicative mailbox for as long as the gateway runs (IMAP IDLE, reconnecting after
/// failures), when <c>Gateway:Mss:Receiver:Imap:Host</c> is set.</summary>
public sealed class MailIntakeWorker(
    IOptions<MssGatewayOptions> options,
    MssSmtpSender replies,
    MailSubmissionHandler handler,
    ClientCredentialsTokenSource tokens,
    MailIntakeStatus status,
    ILoggerFactory loggers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var receiver = options.Value.Receiver;
        if (!options.Value.ReadsMailbox)
        {
            return Task.CompletedTask; // no mailbox configured: nothing to read
        }

        var reader = new MssMailboxReader(receiver, replies, loggers.CreateLogger<MssMailboxReader>(), tokens.For(receiver.Imap));
        return reader.RunAsync(handler, status, stoppingToken);
    }
}
