namespace Pcpe.Mss.Xdm;

/// <summary>Bounds that keep a hostile archive from exhausting memory or disk.</summary>
public sealed record XdmReadLimits
{
    public int MaxEntries { get; init; } = 200;

    /// <summary>Total inflated bytes of all entries.</summary>
    public long MaxTotalBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Inflated bytes of one entry.</summary>
    public long MaxEntryBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>Inflated size / compressed size above which an entry is treated as a bomb.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    public static XdmReadLimits Default { get; } = new();
}
