using Pcpe.Mss.Reports;

namespace Pcpe.Mss.Receiving;

/// <summary>What the gateway does with what the mailbox reader found.</summary>
public interface IIncomingMessageHandler
{
    /// <summary>
    /// Stores the message durably, idempotently on its Message-ID (a message read again after a crash
    /// must not be stored twice). Throw <see cref="MessageRejectedException"/> to quarantine it; any
    /// other exception leaves it in the inbox for the next round.
    /// </summary>
    Task HandleMessageAsync(IncomingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a sender missing from <see cref="MssReceiverOptions.KnownSenders"/> is a coordinator known another way
    /// (their mailbox in the national directory). An exception leaves the message in the inbox for the next round.
    /// </summary>
    Task<bool> IsCoordinatorAsync(string address, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Records a DSN/MDN about a message the gateway sent.</summary>
    Task HandleReportAsync(DeliveryReport report, CancellationToken cancellationToken);
}
