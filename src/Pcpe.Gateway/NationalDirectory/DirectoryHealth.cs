namespace Pcpe.Gateway.NationalDirectory;

/// <summary>How the directory answered lately, and how many answers are cached.</summary>
public sealed record DirectoryHealth(DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure, string? LastError)
{
    public int Cached { get; init; }

    /// <summary>The last look-up failed.</summary>
    public bool Down => LastFailure is { } failed && (LastSuccess is not { } succeeded || failed > succeeded);
}
