using Pcpe.Fhir;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Sharing;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Routing;

/// <summary>
/// Flow 2 (route): for each recipient of the matching routes, decides the legal basis and creates a
/// delivery — pending with its payload when permitted, blocked with the reason when not.
/// </summary>
public sealed class RoutePlanner(RecipientDirectory directory)
{
    public IReadOnlyList<NewDelivery> Plan(PreparedDocument document)
    {
        var deliveries = new List<NewDelivery>();
        byte[]? payload = null;
        foreach (var recipientId in directory.RecipientsFor(document.StructureFiness, document.Kind))
        {
            var recipient = directory.Find(recipientId)!;
            var decision = SharingPolicy.Decide(document.StructureFiness, document.Sharing, directory.Profile(recipientId));
            if (decision.Permitted)
            {
                payload ??= FhirJson.SerializeToUtf8(document.Bundle);
                deliveries.Add(new NewDelivery(Guid.CreateVersion7(), recipientId, recipient.Channel.ToString(), DeliveryStatus.Pending, decision.LegalBasis, null, payload));
            }
            else
            {
                deliveries.Add(new NewDelivery(Guid.CreateVersion7(), recipientId, recipient.Channel.ToString(), DeliveryStatus.Blocked, null, decision.Reason, null));
            }
        }

        return deliveries;
    }
}
