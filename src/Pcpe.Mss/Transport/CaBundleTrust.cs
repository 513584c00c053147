using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Pcpe.Mss.Transport;

/// <summary>
/// Validates a peer certificate against the configured CA bundle only (custom root trust): the chain
/// must build to one of those anchors, and revocation is checked when configured. For servers the
/// name must also match (<see cref="Validate"/>, MailKit's ServerCertificateValidationCallback); for
/// clients (<see cref="IsTrustedClient"/>) the certificate must be meant for client authentication.
/// </summary>
public sealed class CaBundleTrust
{
    private readonly X509Certificate2Collection _anchors;
    private readonly bool _checkRevocation;

    public CaBundleTrust(string caBundlePath, bool checkRevocation)
    {
        _anchors = new X509Certificate2Collection();
        _anchors.ImportFromPemFile(caBundlePath);
        if (_anchors.Count == 0)
        {
            throw new InvalidOperationException($"the CA bundle {caBundlePath} holds no certificate");
        }

        _checkRevocation = checkRevocation;
    }

    /// <summary>The last reason a certificate was refused, for operators (no personal data in it).</summary>
    public string? LastFailure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            LastFailure = "the server sent no certificate";
            return false;
        }

        // Name mismatch and a missing certificate are decided by TLS itself; chain trust is ours.
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            LastFailure = $"server certificate refused: {errors}";
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        return Build(leaf, chain, null);
    }

    /// <summary>True when a client certificate chains to the bundle and allows client authentication.</summary>
    public bool IsTrustedClient(X509Certificate2 certificate, X509Chain? presented)
        => Build(certificate, presented, new Oid("1.3.6.1.5.5.7.3.2"));

    private bool Build(X509Certificate2 leaf, X509Chain? chain, Oid? requiredUsage)
    {
        using var ourChain = new X509Chain();
        if (requiredUsage is not null)
        {
            ourChain.ChainPolicy.ApplicationPolicy.Add(requiredUsage);
        }

        ourChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        ourChain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        ourChain.ChainPolicy.RevocationMode = _checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        ourChain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                ourChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (ourChain.Build(leaf))
        {
            LastFailure = null;
            return true;
        }

        LastFailure = "certificate refused: " + string.Join(", ", ourChain.ChainStatus.Select(s => s.Status));
        return false;
    }
}
