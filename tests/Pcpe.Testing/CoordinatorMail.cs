using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Pcpe.Mss.Transport;

namespace Pcpe.Testing;

/// <summary>A coordinator sending from an ordinary mail program: SMTP submission, STARTTLS, login and password.</summary>
public static class CoordinatorMail
{
    public static async Task SendAsync(string login, MimeMessage message)
    {
        using var client = new SmtpClient();
        client.ServerCertificateValidationCallback = new CaBundleTrust(TestEnvironment.CaBundle, checkRevocation: false).Validate;
        await client.ConnectAsync(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(login, TestEnvironment.MailPassword);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    /// <summary>A message from <paramref name="from"/> to the gateway, with a fresh Message-ID.</summary>
    public static MimeMessage New(string from, string subject, string text, string to = TestEnvironment.GatewayMailbox)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            MessageId = $"{Guid.NewGuid():N}@pcpe.test",
            Body = new TextPart("plain") { Text = text },
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
