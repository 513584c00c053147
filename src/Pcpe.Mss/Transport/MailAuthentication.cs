namespace Pcpe.Mss.Transport;

/// <summary>How the gateway's applicative mailbox proves who it is.</summary>
public enum MailAuthentication
{
    /// <summary>An IGC-Santé organisation/server certificate (mutual TLS), SASL EXTERNAL where asked.</summary>
    ClientCertificate,
    /// <summary>An OAuth2 bearer token (client-credentials grant) over SASL OAUTHBEARER or XOAUTH2.</summary>
    OAuth2,
}
