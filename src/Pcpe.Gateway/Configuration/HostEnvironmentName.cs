namespace Pcpe.Gateway.Configuration;

/// <summary>
/// The host's environment name as the host itself would read it (<c>--environment</c>, then
/// <c>ASPNETCORE_ENVIRONMENT</c>, then <c>DOTNET_ENVIRONMENT</c>), without surrounding white space; null
/// when none is set (the host's default, Production, applies).
/// </summary>
internal static class HostEnvironmentName
{
    public static string? Of(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return configuration[HostDefaults.EnvironmentKey]?.Trim() is { Length: > 0 } name ? name : null;
    }
}
