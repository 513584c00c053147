using System.ComponentModel.DataAnnotations;
using Pcpe.Mss.Transport;

namespace Pcpe.Mss.Sending;

/// <summary>The gateway's applicative mailbox as a sender.</summary>
public sealed class MssSenderOptions
{
    /// <summary>Address of the applicative (APP) mailbox, the From of every message.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>Display name of the sender.</summary>
    public string FromName { get; set; } = "Passerelle PCPE";

    /// <summary>Product reference assigned to the software (X-MSS-NIL), mandatory on every message.</summary>
    [Required]
    public string ProductReference { get; set; } = string.Empty;

    /// <summary>Refuse to build messages larger than this (operators cap around 10-25 MB).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    [Required]
    public MailEndpointOptions Smtp { get; set; } = new();
}
