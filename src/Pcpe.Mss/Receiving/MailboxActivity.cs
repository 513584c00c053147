namespace Pcpe.Mss.Receiving;

/// <summary>What the reader just did: a pass over the inbox, or a failure to reach it (the exception's type
/// name, which carries nothing from a message).</summary>
public sealed record MailboxActivity(MailboxRound? Round, string? Failure);
