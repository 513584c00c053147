using MailKit.Net.Smtp;
using MimeKit;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Sending;

/// <summary>
/// Sends messages through the MSSanté operator's SMTP submission service. One connection is kept and
/// reused across sends (batches), re-opened when the server dropped it. Thread-safe.
/// </summary>
public sealed class MssSmtpSender(MssSenderOptions options, Func<CancellationToken, Task<string>>? oauthToken = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or MailKit.ServiceNotConnectedException)
            {
                // The server closed an idle connection: reconnect once.
                await DropAsync();
                client = await ConnectedClientAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
            }
        }
        catch (SmtpCommandException)
        {
            await DropAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Connects and authenticates once, for health checks.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectedClientAsync(cancellationToken);
            await client.NoOpAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        await DropAsync();
        var client = new SmtpClient();
        try
        {
            await MailConnector.ConnectAsync(client, options.Smtp, oauthToken, cancellationToken);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }

    private async Task DropAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or MailKit.ProtocolException or OperationCanceledException)
        {
            // Dropping a connection that is already broken.
        }

        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _gate.Dispose();
    }
}
