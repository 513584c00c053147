namespace Pcpe.Mss.Xdm;

/// <summary>An XDM package was refused; <see cref="Error"/> says why. The message names entries, never content.</summary>
public sealed class XdmPackageException(XdmError error, string message) : Exception(message)
{
    public XdmError Error { get; } = error;
}
