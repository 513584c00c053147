using MailKit.Net.Imap;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;
using Pcpe.Testing;

namespace Pcpe.Mss.Tests;

/// <summary>The applicative mailbox authenticated by an OAuth2 bearer token instead of a certificate, chosen by configuration.</summary>
public class OAuth2Tests
{
    private static MailEndpointOptions OAuth(MailEndpointOptions endpoint)
    {
        endpoint.Authentication = MailAuthentication.OAuth2;
        endpoint.UserName = TestEnvironment.GatewayMailbox;
        endpoint.ClientCertificatePath = null;
        return endpoint;
    }

    private static Func<CancellationToken, Task<string>> Token(string token) => _ => Task.FromResult(token);

    [Fact]
    public async Task IMAP_accepts_a_valid_bearer_token_and_refuses_another()
    {
        using (var client = new ImapClient())
        {
            await MailConnector.ConnectAsync(client, OAuth(MssOptionsFactory.Imap()), Token(TestEnvironment.OAuthToken), CancellationToken.None);
            Assert.True(client.IsAuthenticated);
            await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
            await client.DisconnectAsync(true);
        }

        using var refused = new ImapClient();
        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(
            () => MailConnector.ConnectAsync(refused, OAuth(MssOptionsFactory.Imap()), Token("expired-or-forged"), CancellationToken.None));
    }

    [Fact]
    public async Task SMTP_submission_with_a_bearer_token_delivers()
    {
        var options = MssOptionsFactory.Sender();
        options.Smtp = OAuth(options.Smtp);
        var messageId = $"{Guid.NewGuid():N}@pcpe.test";
        await using (var sender = new MssSmtpSender(options, Token(TestEnvironment.OAuthToken)))
        {
            await sender.SendAsync(new MssMessageBuilder(options).Build(new OutgoingMessage
            {
                To = TestEnvironment.HospitalMailbox,
                Subject = "OAuth2",
                TextBody = "x",
                MessageId = messageId,
            }), CancellationToken.None);
        }

        var received = await TestMailbox.WaitForMessageAsync(TestEnvironment.HospitalMailbox, messageId, TimeSpan.FromSeconds(20));
        Assert.Equal("OAuth2", received.Subject);
    }

    [Fact]
    public async Task SMTP_submission_with_a_wrong_token_is_refused()
    {
        var options = MssOptionsFactory.Sender();
        options.Smtp = OAuth(options.Smtp);
        await using var sender = new MssSmtpSender(options, Token("forged"));
        var message = new MssMessageBuilder(options).Build(new OutgoingMessage
        {
            To = TestEnvironment.HospitalMailbox,
            Subject = "x",
            TextBody = "x",
            MessageId = $"{Guid.NewGuid():N}@pcpe.test",
        });
        await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() => sender.SendAsync(message, CancellationToken.None));
    }
}
