using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Mail;
using Pcpe.Mss.Sending;
using Pcpe.Mss.Transport;

namespace Pcpe.Gateway.Health;

/// <summary>
/// The MSSanté servers answer and accept the gateway's credentials: SMTP when a recipient is reached by
/// mail, IMAP when the mailbox is read. Probed at most every 30 s; degraded (mail waits in the queue), not down.
/// </summary>
public sealed class MailServerHealthCheck(IOptions<MssGatewayOptions> options, RecipientDirectory recipients, MssSmtpSender sender, ClientCredentialsTokenSource tokens, TimeProvider time) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset Until)? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && cached.Until > time.GetUtcNow())
            {
                return cached.Result;
            }

            var result = await ProbeAsync(cancellationToken);
            _cached = (result, time.GetUtcNow().AddSeconds(30));
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var mss = options.Value;
        var problems = new List<string>();
        var usesSmtp = mss.PickupDirectory is null && recipients.All().Values.Any(r => r.SendsMail);
        if (usesSmtp)
        {
            try
            {
                await sender.ProbeAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"SMTP {mss.Sender.Smtp.Host}:{mss.Sender.Smtp.Port}: {ex.GetType().Name}");
            }
        }

        if (mss.ReadsMailbox)
        {
            try
            {
                var oauth = tokens.For(mss.Receiver.Imap);
                await MailConnector.ProbeImapAsync(mss.Receiver.Imap, oauth, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                problems.Add($"IMAP {mss.Receiver.Imap.Host}:{mss.Receiver.Imap.Port}: {ex.GetType().Name}");
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy(usesSmtp || mss.ReadsMailbox ? "mail servers answer" : "no mail server configured")
            : HealthCheckResult.Degraded(string.Join("; ", problems));
    }
}
