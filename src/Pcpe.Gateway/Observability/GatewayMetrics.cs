using System.Diagnostics.Metrics;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Observability;

/// <summary>
/// The gateway's OpenTelemetry metrics (meter <c>Pcpe.Gateway</c>, scraped on <c>/metrics</c>). Labels are
/// kinds, channels, configured recipient ids and outcomes only: nothing about a person.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Pcpe.Gateway";
    private readonly Counter<long> _submissions;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _mailReports;
    private readonly Histogram<double> _endToEnd;
    private readonly Histogram<double> _send;
    private long _queueDepth;
    private IReadOnlyDictionary<string, long> _deadLetters = new Dictionary<string, long>();

    public GatewayMetrics(IMeterFactory meters, Delivery.RecipientSendSlots sends)
    {
        var meter = meters.Create(MeterName);
        _submissions = meter.CreateCounter<long>("pcpe.submissions", description: "Documents received, by kind and result (created, duplicate, conflict, invalid, forbidden)");
        _deliveries = meter.CreateCounter<long>("pcpe.deliveries", description: "Delivery attempts and routing decisions, by channel, recipient and outcome");
        _mailReports = meter.CreateCounter<long>("pcpe.mail.reports", description: "DSN and MDN received about the gateway's mails, by kind, recipient and effect (ok, failed: the delivery became a dead letter, ignored)");
        _endToEnd = meter.CreateHistogram<double>("pcpe.delivery.latency", unit: "s", description: "From submission committed to delivered, by channel");
        _send = meter.CreateHistogram<double>("pcpe.send.duration", unit: "s", description: "Duration of one send attempt, by channel");
        meter.CreateObservableGauge("pcpe.queue.depth", () => Interlocked.Read(ref _queueDepth), description: "Deliveries waiting or in flight (pending, retry scheduled, in flight)");
        meter.CreateObservableGauge(
            "pcpe.dead_letters",
            () => Volatile.Read(ref _deadLetters).Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("recipient", r.Key))),
            description: "Dead letters waiting for an operator (list, replay), by recipient; 0 for a configured recipient with none");
        meter.CreateObservableGauge(
            "pcpe.sends.in_flight",
            () => sends.Snapshot().Select(r => new Measurement<int>(r.Value, new KeyValuePair<string, object?>("recipient", r.Key))),
            description: "Sends in progress in this instance, by recipient (at most its MaxParallelSends)");
    }

    public void Submission(string kind, string result)
        => _submissions.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("result", result));

    public void DeliveryOutcome(string channel, string recipient, string outcome)
        => _deliveries.Add(1, new("channel", channel), new("recipient", recipient), new("outcome", outcome));

    public void MailReport(string kind, string recipient, string effect)
        => _mailReports.Add(1, new("kind", kind), new("recipient", recipient), new("effect", effect));

    public void Delivered(string channel, TimeSpan sinceCommitted) => _endToEnd.Record(sinceCommitted.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));

    public void SendDuration(string channel, TimeSpan duration) => _send.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>The queue as last counted in the store (all instances), every configured recipient named so that its
    /// dead-letter series reads 0 rather than vanishing once they are replayed.</summary>
    public void Queue(QueueCounts counts, IEnumerable<string> configuredRecipients)
    {
        Interlocked.Exchange(ref _queueDepth, counts.Queued);
        var deadLetters = configuredRecipients.ToDictionary(r => r, _ => 0L, StringComparer.Ordinal);
        foreach (var (recipient, count) in counts.DeadLettersByRecipient)
        {
            deadLetters[recipient] = count;
        }

        Volatile.Write(ref _deadLetters, deadLetters);
    }
}
