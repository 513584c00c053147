using Microsoft.Extensions.Options;
using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Configuration;

/// <summary>
/// The recipient registry: configured recipients with their identity (FINESS/RPPS), R1110-2 category,
/// structure-wide care-team memberships, and the routes to them.
/// </summary>
public sealed class RecipientDirectory(IOptionsMonitor<GatewayOptions> options)
{
    /// <summary>Every configured recipient, as configured now.</summary>
    public IReadOnlyDictionary<string, RecipientOptions> All() => options.CurrentValue.Recipients;

    public RecipientOptions? Find(string recipientId)
        => options.CurrentValue.Recipients.TryGetValue(recipientId, out var recipient) ? recipient : null;

    /// <summary>
    /// What the sharing decision knows of a recipient for a document of <paramref name="structureFiness"/>:
    /// its category, identities, and its memberships of the person's care team — structure-wide from
    /// configuration, the structure handing over for a transition destination, and those the person's
    /// documents gave it (<paramref name="personMemberships"/>, with their periods).
    /// </summary>
    public RecipientProfile? Profile(string recipientId, string structureFiness, IEnumerable<CareTeamMembership> personMemberships)
    {
        if (Find(recipientId) is not { } r)
        {
            return null;
        }

        var team = new List<CareTeamMembership>(r.CareTeamOf.Select(s => new CareTeamMembership(s)));
        if (r.TransitionDestination)
        {
            team.Add(new CareTeamMembership(structureFiness));
        }

        team.AddRange(personMemberships);
        return new RecipientProfile(recipientId, r.Category, team) { Identities = IdentitiesOf(r) };
    }

    /// <summary>How consents and documents name a recipient: <c>finess:…</c>, <c>rpps:…</c>.</summary>
    public static IReadOnlyList<string> IdentitiesOf(RecipientOptions recipient)
        => [.. recipient.Finess is { Length: > 0 } f ? ["finess:" + f] : Array.Empty<string>(), .. recipient.Rpps is { Length: > 0 } p ? ["rpps:" + p] : Array.Empty<string>()];

    /// <summary>Registered recipients known by one of these identities.</summary>
    public IEnumerable<(string Id, string Identity)> ByIdentity(IEnumerable<string> identities)
    {
        var wanted = identities.ToHashSet(StringComparer.Ordinal);
        foreach (var (id, recipient) in options.CurrentValue.Recipients)
        {
            foreach (var identity in IdentitiesOf(recipient).Where(wanted.Contains))
            {
                yield return (id, identity);
            }
        }
    }

    /// <summary>The recipients of every route matching this structure and kind, once each.</summary>
    public IReadOnlyList<string> RecipientsFor(string structureFiness, string kind)
        => options.CurrentValue.Routes
            .Where(r => (r.Structures.Count == 0 || r.Structures.Contains(structureFiness)) && (r.DocumentKinds.Count == 0 || r.DocumentKinds.Contains(kind)))
            .SelectMany(r => r.Recipients)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
