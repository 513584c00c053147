namespace Pcpe.Gateway.Configuration.Validation;

/// <summary><c>Gateway:Recipients</c> and <c>Gateway:Routes</c>: each recipient reachable by its channel, each route naming recipients that exist.</summary>
/// <param name="configured">The recipient ids the configuration names: one the binding could not read (a value
/// that is none of its enum's) is missing from the options, and is named here rather than as "not under
/// Gateway:Recipients" by the routes that send to it.</param>
public sealed class RecipientsValidator(IReadOnlyCollection<string> configured) : SectionValidator
{
    protected override void Check(GatewayOptions options, List<string> problems)
    {
        foreach (var id in configured.Where(id => !options.Recipients.ContainsKey(id)))
        {
            problems.Add($"Gateway:Recipients:{id} could not be read: check that its Channel is one of "
                + $"{string.Join(", ", Enum.GetNames<RecipientChannel>())}, its Category one of "
                + $"{string.Join(", ", Enum.GetNames<Pcpe.Fhir.Sharing.RecipientCategory>())}, and its numbers and URLs well-formed");
        }

        foreach (var (id, recipient) in options.Recipients)
        {
            Annotations(recipient, $"Gateway:Recipients:{id}", problems);
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
                case RecipientChannel.Dmp when recipient.Address is not null || recipient.Endpoint is not null || recipient.TransitionDestination:
                    problems.Add($"Gateway:Recipients:{id} (Channel Dmp) takes no Address, Endpoint nor TransitionDestination: it writes to each person's own mailbox, named by their INS");
                    break;
                case RecipientChannel.Dmp when recipient.Category != Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp:
                    problems.Add($"Gateway:Recipients:{id}:Category must be PersonDmp, or be left out, for Channel Dmp");
                    break;
                case not RecipientChannel.Dmp when recipient.Category == Pcpe.Fhir.Sharing.RecipientCategory.PersonDmp:
                    problems.Add($"Gateway:Recipients:{id}:Category PersonDmp is for Channel Dmp only: the person's own space is reached by their mailbox");
                    break;
                case not RecipientChannel.MsSante when recipient.TransitionDestination:
                    problems.Add($"Gateway:Recipients:{id}:TransitionDestination works with Channel MsSante only");
                    break;
                case RecipientChannel.MsSante when !recipient.TransitionDestination && recipient.Address is null && (recipient.Finess ?? recipient.Rpps) is not null:
                    if (!options.Directory.Enabled)
                    {
                        problems.Add($"Gateway:Recipients:{id} has no Address: its mailbox is looked up by FINESS or RPPS in the national directory, and Gateway:Directory:BaseUrl is not set");
                    }

                    break;
                case RecipientChannel.MsSante when !recipient.TransitionDestination && (string.IsNullOrWhiteSpace(recipient.Address) || !recipient.Address.Contains('@', StringComparison.Ordinal)):
                    problems.Add($"Gateway:Recipients:{id}:Address must be an MSSanté mail address (or leave it out and give Finess or Rpps, looked up in the national directory)");
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
    }
}
