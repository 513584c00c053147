using Microsoft.Extensions.Options;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Routing;

/// <summary>The configured recipients and routes.</summary>
public sealed class RecipientDirectory(IOptionsMonitor<GatewayOptions> options)
{
    public RecipientOptions? Find(string recipientId)
        => options.CurrentValue.Recipients.TryGetValue(recipientId, out var recipient) ? recipient : null;

    /// <summary>What the sharing decision knows of a recipient, for a document of <paramref name="structureFiness"/>.</summary>
    public RecipientProfile? Profile(string recipientId, string structureFiness)
        => Find(recipientId) is { } r
            ? new RecipientProfile(recipientId, r.Category, r.TransitionDestination ? [.. r.CareTeamOf, structureFiness] : r.CareTeamOf)
            : null;

    /// <summary>The recipients of every route matching this structure and kind, once each.</summary>
    public IReadOnlyList<string> RecipientsFor(string structureFiness, string kind)
        => options.CurrentValue.Routes
            .Where(r => (r.Structures.Count == 0 || r.Structures.Contains(structureFiness)) && (r.DocumentKinds.Count == 0 || r.DocumentKinds.Contains(kind)))
            .SelectMany(r => r.Recipients)
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
