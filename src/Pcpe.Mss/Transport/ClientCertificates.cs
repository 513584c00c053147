using System.Security.Cryptography.X509Certificates;

namespace Pcpe.Mss.Transport;

/// <summary>Loads the applicative mailbox certificate from PKCS#12 or PEM.</summary>
public static class ClientCertificates
{
    public static X509Certificate2 Load(MailEndpointOptions options)
    {
        var path = options.ClientCertificatePath
            ?? throw new InvalidOperationException("client-certificate authentication needs ClientCertificatePath");
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, options.ClientCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }

        var key = options.ClientKeyPath ?? throw new InvalidOperationException("a PEM client certificate needs ClientKeyPath");
        using var pem = X509Certificate2.CreateFromPemFile(path, key);
        // Re-import so that the TLS stack gets a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
