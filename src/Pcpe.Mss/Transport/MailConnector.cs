using System.Net.Sockets;
using System.Security.Authentication;
using MailKit;
using MailKit.Security;

namespace Pcpe.Mss.Transport;

/// <summary>Connects and authenticates a MailKit client (SMTP or IMAP) the MSSanté way: TLS 1.2+,
/// server validated against the configured CA bundle only, client certificate or OAuth2.</summary>
public static class MailConnector
{
    /// <summary>Connects to an IMAP server, authenticates and disconnects: the mailbox can be read. Throws when it cannot.</summary>
    public static async Task ProbeImapAsync(MailEndpointOptions options, Func<CancellationToken, Task<string>>? oauthToken, CancellationToken cancellationToken)
    {
        using var imap = new MailKit.Net.Imap.ImapClient();
        await ConnectAsync(imap, options, oauthToken, cancellationToken);
        await imap.DisconnectAsync(true, cancellationToken);
    }

    public static async Task ConnectAsync(
        IMailService client,
        MailEndpointOptions options,
        Func<CancellationToken, Task<string>>? oauthToken,
        CancellationToken cancellationToken)
    {
        var trust = new CaBundleTrust(options.CaBundlePath, options.CheckRevocation);
        client.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        client.CheckCertificateRevocation = options.CheckRevocation;
        client.ServerCertificateValidationCallback = trust.Validate;
        client.Timeout = options.TimeoutSeconds * 1000;
        if (options.Authentication == MailAuthentication.ClientCertificate)
        {
            client.ClientCertificates = [ClientCertificates.Load(options)];
        }

        var security = options.Security == MailSecurity.ImplicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        try
        {
            // Our own socket with Nagle off: otherwise the short commands that follow each large DATA
            // wait for the server's delayed ACK, up to about 40 ms a message.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
                await socket.ConnectAsync(options.Host, options.Port, connectTimeout.Token);
                await client.ConnectAsync(socket, options.Host, options.Port, security, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (SslHandshakeException ex) when (trust.LastFailure is { } reason)
        {
            throw new MailTransportException($"TLS with {options.Host}:{options.Port} failed: {reason}", ex);
        }

        switch (options.Authentication)
        {
            case MailAuthentication.OAuth2:
                var token = await (oauthToken ?? throw new InvalidOperationException("OAuth2 authentication needs a token source"))(cancellationToken);
                SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("OAUTHBEARER")
                    ? new SaslMechanismOAuthBearer(options.UserName ?? string.Empty, token)
                    : new SaslMechanismOAuth2(options.UserName ?? string.Empty, token);
                await client.AuthenticateAsync(mechanism, cancellationToken);
                break;
            case MailAuthentication.ClientCertificate when client.AuthenticationMechanisms.Contains("EXTERNAL"):
                await client.AuthenticateAsync(new SaslMechanismExternal(null), cancellationToken);
                break;
            default:
                // SMTP submission accepts the verified client certificate itself (no AUTH needed).
                break;
        }
    }
}
