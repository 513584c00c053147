using System.ComponentModel.DataAnnotations;

namespace Pcpe.Mss.Transport;

/// <summary>One MSSanté server (SMTP submission or IMAP) and how to authenticate to it.</summary>
public sealed class MailEndpointOptions
{
    [Required]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535)]
    public int Port { get; set; }

    public MailSecurity Security { get; set; } = MailSecurity.StartTls;

    /// <summary>PEM file of the certificate authorities trusted for the server (IGC-Santé in production).
    /// Only these anchors are trusted: the operating system's store is not used.</summary>
    [Required]
    public string CaBundlePath { get; set; } = string.Empty;

    /// <summary>Check revocation of the server certificate chain (CRL/OCSP). On in production; a
    /// throwaway test CA publishes no CRL.</summary>
    public bool CheckRevocation { get; set; } = true;

    public MailAuthentication Authentication { get; set; } = MailAuthentication.ClientCertificate;

    /// <summary>PKCS#12 (.pfx/.p12) or PEM certificate of the applicative mailbox.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>PEM private key when <see cref="ClientCertificatePath"/> is a PEM certificate.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Password of the PKCS#12 file.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>Login for OAuth2 (the mailbox address) or for EXTERNAL authorization identity.</summary>
    public string? UserName { get; set; }

    /// <summary>Seconds before a network operation is abandoned.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
