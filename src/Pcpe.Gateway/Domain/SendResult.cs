using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Domain;

/// <summary>What a channel reports after one send. Errors name status codes and protocol replies, never personal data.</summary>
public abstract record SendResult
{
    public sealed record Delivered(string Detail) : SendResult;

    /// <summary>Worth retrying (5xx, 429, timeouts, connection failures), after <paramref name="RetryAfter"/>
    /// when the receiver said so.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult;

    /// <summary>Will fail again the same way (4xx, refused recipient, message too large): dead-lettered.</summary>
    public sealed record Permanent(string Error) : SendResult;

    /// <summary>The channel will not send it, for a reason of sharing (an address that is not the destination's):
    /// blocked, with its audit event, as a decision at send time would have.</summary>
    public sealed record Refused(SharingDenial Denial, string Reason) : SendResult;
}
