namespace Pcpe.Mss.Transport;

/// <summary>How the connection to the MSSanté operator is secured. Plain text is not an option.</summary>
public enum MailSecurity
{
    /// <summary>Connect in clear, then STARTTLS (SMTP 587, IMAP 143): the MSSanté default.</summary>
    StartTls,
    /// <summary>Implicit TLS from the first byte (SMTP 465, IMAP 993).</summary>
    ImplicitTls,
}
