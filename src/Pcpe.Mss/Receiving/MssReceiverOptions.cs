using System.ComponentModel.DataAnnotations;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Receiving;

/// <summary>The gateway's applicative mailbox as a reader.</summary>
public sealed class MssReceiverOptions
{
    /// <summary>Address of the applicative mailbox (From of receipts).</summary>
    [Required, EmailAddress]
    public string MailboxAddress { get; set; } = string.Empty;

    [Required]
    public MailEndpointOptions Imap { get; set; } = new();

    /// <summary>Where integrated messages go (created when missing).</summary>
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>Where refused messages go, with the reason in an X-Pcpe-Quarantine-Reason header.</summary>
    public string QuarantineFolder { get; set; } = "Quarantine";

    /// <summary>Addresses of the coordinators allowed to send to the gateway (case-insensitive).</summary>
    public List<string> KnownSenders { get; set; } = [];

    /// <summary>Minutes of IMAP IDLE before re-checking (servers drop idle connections after ~30).</summary>
    [Range(1, 29)]
    public int IdleMinutes { get; set; } = 9;

    /// <summary>Polling interval when the server offers no IDLE.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    public IncomingLimits Limits { get; set; } = IncomingLimits.Default;
}
