namespace Pcpe.Mss.Receiving;

/// <summary>What one pass over the inbox did.</summary>
public sealed record MailboxRound(int Processed, int Reports, int Quarantined, int LeftForRetry);
