namespace Pcpe.Gateway.Configuration.Validation;

/// <summary>
/// <c>Gateway:Api</c>: the trust anchors and keys that authenticate callers exist, each client is identifiable,
/// and nothing meant for tests (anonymous callers, test identities) runs in Production.
/// </summary>
public sealed class ApiSectionValidator(IHostEnvironment environment) : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        var api = options.Api;
        if (api.ClientCaBundlePath is { Length: > 0 } clientCa && !File.Exists(clientCa))
        {
            problems.Add("Gateway:Api:ClientCaBundlePath names no file: it must be the PEM of the CAs that issue DUI client certificates");
        }

        foreach (var client in api.Clients)
        {
            if (string.IsNullOrWhiteSpace(client.Id) || client.CertificateThumbprints.Count + client.OAuthClientIds.Count == 0)
            {
                problems.Add("each Gateway:Api:Clients entry needs an Id and at least one CertificateThumbprints (SHA-256, hex) or OAuthClientIds");
            }

            foreach (var finess in client.Structures.Where(f => Pcpe.Fhir.Identity.FinessNumber.Check(f) is not null))
            {
                problems.Add($"Gateway:Api:Clients '{client.Id}' names a structure whose FINESS is not valid ({Pcpe.Fhir.Identity.FinessNumber.Check(finess)})");
            }
        }

        if (api.Jwt.SigningKeyPath is { Length: > 0 } key && !File.Exists(key))
        {
            problems.Add("Gateway:Api:Jwt:SigningKeyPath names no file: it must be the PEM public key that signs the access tokens");
        }

        if (api.Jwt.Enabled && string.IsNullOrWhiteSpace(api.Jwt.Audience))
        {
            problems.Add("Gateway:Api:Jwt:Audience is required: tokens meant for another service must be refused");
        }

        if (api.AllowAnonymous && environment.IsProduction())
        {
            problems.Add("Gateway:Api:AllowAnonymous is refused in the Production environment");
        }

        if (options.AcceptTestIdentities && environment.IsProduction())
        {
            problems.Add("Gateway:AcceptTestIdentities is refused in the Production environment");
        }
    }
}
