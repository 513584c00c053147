namespace Pcpe.Mss.Receiving;

/// <summary>A message the reader set aside in the quarantine folder: when it came, who sent it, and the
/// integration error code sent back with its reason. Its subject and content are not read: they may name the
/// person it is about.</summary>
/// <param name="Received">When the server received it.</param>
/// <param name="Sender">The sender's address.</param>
/// <param name="Code">The ANS integration error code sent back (null when the message was not MIME).</param>
/// <param name="Label">The code's label, as the MDN gives it.</param>
/// <param name="Reason">The reason the gateway gave, without personal data.</param>
public sealed record QuarantinedMessage(DateTimeOffset Received, string Sender, IntegrationErrorCode? Code, string Label, string Reason);
