using Pcpe.Mss.Receiving;

namespace Pcpe.Gateway.Mail;

/// <summary>What the mailbox reader has done since the gateway started, for the console's overview.</summary>
public sealed class MailIntakeStatus(TimeProvider time) : IProgress<MailboxActivity>
{
    private readonly Lock _gate = new();
    private MailIntakeSnapshot _current = new(null, 0, 0, 0, null, null);

    public MailIntakeSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Report(MailboxActivity value)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _current = value.Round is { } round
                ? _current with
                {
                    LastReadAt = now,
                    Processed = _current.Processed + round.Processed,
                    Reports = _current.Reports + round.Reports,
                    Quarantined = _current.Quarantined + round.Quarantined,
                }
                : _current with { LastFailure = value.Failure, LastFailureAt = now };
        }
    }
}

/// <summary>The reader's last pass, what it took in, set aside or read as receipts since start, and its last
/// failure to reach the mailbox.</summary>
public sealed record MailIntakeSnapshot(
    DateTimeOffset? LastReadAt,
    long Processed,
    long Reports,
    long Quarantined,
    string? LastFailure,
    DateTimeOffset? LastFailureAt);
