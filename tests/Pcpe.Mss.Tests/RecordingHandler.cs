using System.Collections.Concurrent;
using Pcpe.Mss.Receiving;
using Pcpe.Mss.Reports;

namespace Pcpe.Mss.Tests;

/// <summary>The caller's side of the mailbox reader in these library tests: stores by Message-ID, can fail on purpose.</summary>
internal sealed class RecordingHandler : IIncomingMessageHandler
{
    public ConcurrentDictionary<string, IncomingMessage> Stored { get; } = new();

    public ConcurrentQueue<DeliveryReport> Reports { get; } = new();

    public int Calls;

    public int FailuresToSimulate;

    public Task HandleMessageAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (Interlocked.Decrement(ref FailuresToSimulate) >= 0)
        {
            throw new InvalidOperationException("store unavailable (simulated)");
        }

        Stored.TryAdd(message.MessageId, message);
        return Task.CompletedTask;
    }

    public Task HandleReportAsync(DeliveryReport report, CancellationToken cancellationToken)
    {
        Reports.Enqueue(report);
        return Task.CompletedTask;
    }
}
