using MailKit.Net.Smtp;
using MimeKit;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Sending;

/// <summary>
/// Sends one message from the applicative mailbox: builds it (<see cref="MssMessageBuilder"/>), submits it over
/// SMTP, or writes it to a pickup directory (demonstrations, dry runs), and classifies what happened.
/// </summary>
public sealed class MssMailer(MssSenderOptions options, MssSmtpSender smtp, string? pickupDirectory = null)
{
    private readonly MssMessageBuilder _builder = new(options);

    public async Task<MailSendOutcome> SendAsync(OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        MimeMessage message;
        try
        {
            message = _builder.Build(outgoing);
        }
        catch (MessageTooLargeException ex)
        {
            return new MailSendOutcome.Permanent(ex.Message);
        }

        if (pickupDirectory is { } folder)
        {
            Directory.CreateDirectory(folder);
            await message.WriteToAsync(Path.Combine(folder, PickupDirectory.FileName(outgoing.MessageId)), cancellationToken);
            return new MailSendOutcome.Delivered("written to pickup directory");
        }

        try
        {
            await smtp.SendAsync(message, cancellationToken);
            return new MailSendOutcome.Delivered("accepted by the MSSanté SMTP server");
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            return new MailSendOutcome.Permanent($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}");
        }
        catch (SmtpCommandException ex)
        {
            return new MailSendOutcome.Transient($"SMTP {(int)ex.StatusCode} {ex.ErrorCode}");
        }
        catch (MailTransportException ex)
        {
            return new MailSendOutcome.Transient(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
            or MailKit.Security.AuthenticationException or TimeoutException)
        {
            return new MailSendOutcome.Transient($"mail transport: {ex.GetType().Name}");
        }
    }
}
