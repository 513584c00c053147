namespace Pcpe.Mss.Sending;

/// <summary>The message would exceed the configured size limit; it was not sent.</summary>
public sealed class MessageTooLargeException(long size, long limit)
    : Exception($"the message would be {size} bytes, over the configured limit of {limit} bytes")
{
    public long Size { get; } = size;

    public long Limit { get; } = limit;
}
