namespace Pcpe.Mss.Transport;

/// <summary>The mail server could not be reached or trusted; the reason names no personal data.</summary>
public sealed class MailTransportException(string message, Exception? inner = null) : Exception(message, inner);
