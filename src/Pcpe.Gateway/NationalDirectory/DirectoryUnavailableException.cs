namespace Pcpe.Gateway.NationalDirectory;

/// <summary>The directory could not answer and nothing recent enough is cached. The message names no one.</summary>
public sealed class DirectoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
