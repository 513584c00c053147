using System.Text;
using MailKit.Security;

namespace Pcpe.Mss.Transport;

/// <summary>
/// SASL EXTERNAL (RFC 4422 appendix A): the identity is the TLS client certificate. Written here
/// because MailKit 4.18 ships no EXTERNAL mechanism; it only sends the optional authorization id.
/// </summary>
public sealed class SaslMechanismExternal(string? authorizationId) : SaslMechanism(authorizationId ?? string.Empty, string.Empty)
{
    public override string MechanismName => "EXTERNAL";

    public override bool SupportsInitialResponse => true;

    protected override byte[] Challenge(byte[]? token, int startIndex, int length, CancellationToken cancellationToken)
    {
        IsAuthenticated = true;
        return Encoding.UTF8.GetBytes(authorizationId ?? string.Empty);
    }
}
