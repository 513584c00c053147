using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Routing;

/// <summary>
/// Flow 2 (route): for each recipient of the matching routes, decides the legal basis and creates a
/// delivery — pending with its payload when permitted, blocked with the reason when not.
/// </summary>
public sealed class RoutePlanner(RecipientDirectory directory)
{
    /// <param name="document">The checked and mapped document.</param>
    /// <param name="payload">Its serialized bundle, what a permitted recipient receives.</param>
    public IReadOnlyList<NewDelivery> Plan(PreparedDocument document, byte[] payload)
    {
        var deliveries = new List<NewDelivery>();
        foreach (var recipientId in directory.RecipientsFor(document.StructureFiness, document.Kind))
        {
            var recipient = directory.Find(recipientId)!;
            string? address = null;
            if (recipient.TransitionDestination)
            {
                // Only a transition plan names a destination; other documents do not go there.
                if (document.Source is not TransitionPlan { To.MssAddress: { } destination })
                {
                    continue;
                }

                address = destination;
            }

            var decision = SharingPolicy.Decide(document.StructureFiness, document.Sharing, directory.Profile(recipientId, document.StructureFiness));
            deliveries.Add(decision.Permitted
                ? new NewDelivery(Guid.CreateVersion7(), recipientId, recipient.Channel.ToString(), DeliveryStatus.Pending, decision.LegalBasis, null, payload) { Address = address }
                : new NewDelivery(Guid.CreateVersion7(), recipientId, recipient.Channel.ToString(), DeliveryStatus.Blocked, null, decision.Reason, null) { Address = address });
        }

        return deliveries;
    }
}
