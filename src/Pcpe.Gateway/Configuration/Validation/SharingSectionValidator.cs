namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Sharing</c>: a policy file that loads, and a retention the purge understands.</summary>
public sealed class SharingSectionValidator(IHostEnvironment environment) : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        try
        {
            options.Sharing.LoadPolicy(environment.ContentRootPath);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Gateway:Sharing:PolicyFile cannot be used: {ex.Message}");
        }

        if (options.Sharing.RetentionDays < 0)
        {
            problems.Add("Gateway:Sharing:RetentionDays must be 0 (keep) or a number of days");
        }
    }
}
