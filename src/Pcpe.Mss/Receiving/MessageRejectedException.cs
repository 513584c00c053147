namespace Pcpe.Mss.Receiving;

/// <summary>A received message cannot be integrated; it is quarantined and its sender told why.</summary>
public sealed class MessageRejectedException(IntegrationErrorCode code, string reason, Exception? inner = null) : Exception(reason, inner)
{
    public IntegrationErrorCode Code { get; } = code;
}
