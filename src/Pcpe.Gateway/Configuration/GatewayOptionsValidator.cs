using Microsoft.Extensions.Options;

namespace Pcpe.Gateway.Configuration;

/// <summary>Checks the configuration at start-up and says precisely what is wrong.</summary>
public sealed class GatewayOptionsValidator(IHostEnvironment environment) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var problems = new List<string>();
        // ValidateDataAnnotations looks at the top level only; the limits live in the sections.
        Annotations(options.Store, "Gateway:Store", problems);
        Annotations(options.Delivery, "Gateway:Delivery", problems);
        if (options.Mss.ReadsMailbox)
        {
            Annotations(options.Mss.Receiver, "Gateway:Mss:Receiver", problems);
            Annotations(options.Mss.Receiver.Imap, "Gateway:Mss:Receiver:Imap", problems);
        }

        foreach (var (id, recipient) in options.Recipients)
        {
            Annotations(recipient, $"Gateway:Recipients:{id}", problems);
        }

        if (ConnectionStringProblem(options.Store) is { } connectionProblem)
        {
            problems.Add(connectionProblem);
        }

        if (options.Store.Provider == Store.StoreProvider.Postgres && string.IsNullOrWhiteSpace(options.Store.PayloadKey))
        {
            problems.Add("Gateway:Store:PayloadKey (32 random bytes, base64) is required with PostgreSQL: every instance encrypts and decrypts with it");
        }

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

        if (options.Delivery.LeaseSeconds <= options.Delivery.HttpTimeoutSeconds)
        {
            problems.Add("Gateway:Delivery:LeaseSeconds must exceed HttpTimeoutSeconds: a send still running when its lease expires could be taken over and made twice");
        }

        foreach (var (id, recipient) in options.Recipients)
        {
            switch (recipient.Channel)
            {
                case RecipientChannel.FhirRest when recipient.Endpoint is null || !recipient.Endpoint.IsAbsoluteUri:
                    problems.Add($"Gateway:Recipients:{id}:Endpoint must be an absolute FHIR base URL");
                    break;
                case RecipientChannel.MsSante when recipient.TransitionDestination && recipient.Address is not null:
                    problems.Add($"Gateway:Recipients:{id}:Address must be empty for a TransitionDestination recipient: each transition plan gives its own");
                    break;
                case RecipientChannel.MsSante when recipient.Relay != FhirRelayMode.ConditionalUpdate:
                    problems.Add($"Gateway:Recipients:{id}:Relay applies to Channel FhirRest only");
                    break;
                case not RecipientChannel.MsSante when recipient.TransitionDestination:
                    problems.Add($"Gateway:Recipients:{id}:TransitionDestination works with Channel MsSante only");
                    break;
                case RecipientChannel.MsSante when !recipient.TransitionDestination && (string.IsNullOrWhiteSpace(recipient.Address) || !recipient.Address.Contains('@', StringComparison.Ordinal)):
                    problems.Add($"Gateway:Recipients:{id}:Address must be an MSSanté mail address");
                    break;
            }
        }

        for (var i = 0; i < options.Routes.Count; i++)
        {
            foreach (var recipient in options.Routes[i].Recipients.Where(r => !options.Recipients.ContainsKey(r)))
            {
                problems.Add($"Gateway:Routes:{i}:Recipients names '{recipient}', which is not under Gateway:Recipients");
            }
        }

        var usesMail = options.Recipients.Values.Any(r => r.Channel == RecipientChannel.MsSante);
        if (usesMail && options.Mss.PickupDirectory is null && options.Delivery.LeaseSeconds <= options.Mss.Sender.Smtp.TimeoutSeconds)
        {
            problems.Add("Gateway:Delivery:LeaseSeconds must exceed Gateway:Mss:Sender:Smtp:TimeoutSeconds: a mail still being sent when its lease expires could be taken over and sent twice");
        }
        if (usesMail && options.Mss.PickupDirectory is null)
        {
            var sender = options.Mss.Sender;
            if (string.IsNullOrWhiteSpace(sender.FromAddress))
            {
                problems.Add("Gateway:Mss:Sender:FromAddress is required when a recipient uses MSSanté");
            }

            if (string.IsNullOrWhiteSpace(sender.ProductReference))
            {
                problems.Add("Gateway:Mss:Sender:ProductReference (X-MSS-NIL) is required when a recipient uses MSSanté");
            }

            if (string.IsNullOrWhiteSpace(sender.Smtp.Host) || sender.Smtp.Port == 0)
            {
                problems.Add("Gateway:Mss:Sender:Smtp:Host and Port are required when a recipient uses MSSanté");
            }
            else
            {
                Annotations(sender.Smtp, "Gateway:Mss:Sender:Smtp", problems);
            }

            if (sender.Smtp.Authentication == Pcpe.Mss.Transport.MailAuthentication.OAuth2
                && (options.Mss.OAuth.TokenEndpoint is null || string.IsNullOrWhiteSpace(options.Mss.OAuth.ClientId) || string.IsNullOrWhiteSpace(sender.Smtp.UserName)))
            {
                problems.Add("OAuth2 mail authentication needs Gateway:Mss:OAuth:TokenEndpoint, Gateway:Mss:OAuth:ClientId and Gateway:Mss:Sender:Smtp:UserName");
            }

            if (sender.Smtp.Authentication == Pcpe.Mss.Transport.MailAuthentication.ClientCertificate && !File.Exists(sender.Smtp.ClientCertificatePath))
            {
                problems.Add("Gateway:Mss:Sender:Smtp:ClientCertificatePath must name the applicative mailbox certificate (PKCS#12 or PEM)");
            }

            if (!File.Exists(sender.Smtp.CaBundlePath))
            {
                problems.Add("Gateway:Mss:Sender:Smtp:CaBundlePath must name the PEM file of the trusted CAs (IGC-Santé)");
            }
        }

        if (options.Api.ClientCaBundlePath is { Length: > 0 } clientCa && !File.Exists(clientCa))
        {
            problems.Add("Gateway:Api:ClientCaBundlePath names no file: it must be the PEM of the CAs that issue DUI client certificates");
        }

        foreach (var client in options.Api.Clients)
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

        if (options.Api.Jwt.SigningKeyPath is { Length: > 0 } key && !File.Exists(key))
        {
            problems.Add("Gateway:Api:Jwt:SigningKeyPath names no file: it must be the PEM public key that signs the access tokens");
        }

        if (options.Api.Jwt.Enabled && string.IsNullOrWhiteSpace(options.Api.Jwt.Audience))
        {
            problems.Add("Gateway:Api:Jwt:Audience is required: tokens meant for another service must be refused");
        }

        if (options.Api.AllowAnonymous && environment.IsProduction())
        {
            problems.Add("Gateway:Api:AllowAnonymous is refused in the Production environment");
        }

        if (options.AcceptTestIdentities && environment.IsProduction())
        {
            problems.Add("Gateway:AcceptTestIdentities is refused in the Production environment");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void Annotations(object section, string path, List<string> problems)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(section, new System.ComponentModel.DataAnnotations.ValidationContext(section), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{path}:{string.Join(',', r.MemberNames)}: {r.ErrorMessage}"));
    }

    // The connection string is not quoted back: it may hold a password.
    private static string? ConnectionStringProblem(Store.StoreOptions store)
    {
        if (string.IsNullOrWhiteSpace(store.ConnectionString))
        {
            return null; // [Required] names it.
        }

        try
        {
            _ = store.Provider == Store.StoreProvider.Postgres
                ? new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString).ConnectionString
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString).ConnectionString;
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"Gateway:Store:ConnectionString is not a valid {(store.Provider == Store.StoreProvider.Postgres ? "PostgreSQL" : "SQLite")} connection string (keywords separated by ';', each keyword=value)";
        }
    }
}
