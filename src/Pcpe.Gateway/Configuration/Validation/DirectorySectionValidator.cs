namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Directory</c>, and the coordinators it is to find (<c>Gateway:Mss:Coordinators</c>).</summary>
public sealed class DirectorySectionValidator : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        Annotations(options.Directory, "Gateway:Directory", problems);
        if (options.Directory.BaseUrl is { IsAbsoluteUri: false } or { Scheme: not "https" and not "http" })
        {
            problems.Add("Gateway:Directory:BaseUrl must be an absolute http(s) URL (https://gateway.api.esante.gouv.fr/fhir/v2)");
        }

        if (options.Mss.Coordinators.Count > 0 && !options.Directory.Enabled)
        {
            problems.Add("Gateway:Mss:Coordinators are found by RPPS in the national directory, and Gateway:Directory:BaseUrl is not set");
        }

        foreach (var rpps in options.Mss.Coordinators.Where(r => Pcpe.Fhir.Identity.RppsNumber.Check(r) is not null))
        {
            problems.Add($"Gateway:Mss:Coordinators: '{rpps}' is not an RPPS (11 digits with a Luhn key)");
        }
    }
}
