namespace Pcpe.Mss.Receiving;

/// <summary>Writes through to an inner stream until a byte budget is spent, then refuses the message.</summary>
internal sealed class LimitedWriteStream(Stream inner, long budget) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _written += buffer.Length;
        if (_written > budget)
        {
            throw new MessageRejectedException(IntegrationErrorCode.Other, "the attachments are larger than this mailbox accepts");
        }

        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
