namespace Pcpe.Mss.Sending;

/// <summary>How one send went, classified for the caller's retry decision. Reasons name protocol replies, never content.</summary>
public abstract record MailSendOutcome
{
    /// <summary>Accepted by the submission server (or written to the pickup directory).</summary>
    public sealed record Delivered(string Detail) : MailSendOutcome;

    /// <summary>Worth trying again later: 4xx replies, connection, TLS or authentication failures, timeouts.</summary>
    public sealed record Transient(string Reason) : MailSendOutcome;

    /// <summary>Will fail again the same way: 5xx replies, a message over the size limit.</summary>
    public sealed record Permanent(string Reason) : MailSendOutcome;
}
