using Pcpe.Fhir.Input;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Model;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Sharing;
using Pcpe.Gateway.Store;
using Pcpe.Gateway.Configuration;

namespace Pcpe.Gateway.Routing;

/// <summary>
/// Flow 2 (route): for each recipient of the matching routes, decides the legal basis and creates a
/// delivery — pending with the document minimised for that recipient when permitted, blocked with the
/// reason (and its audit event) when not.
/// </summary>
public sealed class RoutePlanner(RecipientDirectory directory, SharingDecisions decisions)
{
    /// <param name="document">The checked and mapped document.</param>
    /// <param name="payload">Its serialized bundle, from which each recipient's copy is minimised.</param>
    /// <param name="personRef">The person's keyed hash.</param>
    /// <param name="person">The person's registry state, including what this document records.</param>
    public (IReadOnlyList<NewDelivery> Deliveries, IReadOnlyList<AuditRecord> Audit) Plan(PreparedDocument document, byte[] payload, string personRef, PersonSharingState person)
    {
        var deliveries = new List<NewDelivery>();
        var audit = new List<AuditRecord>();
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

            var decision = decisions.Decide(recipientId, document.StructureFiness, document.Kind, document.Sharing?.Emergency == true, person, payload);
            if (decision.Permitted && recipient.Channel == RecipientChannel.Dmp && document.Source?.Person.ExchangeableIns() is null)
            {
                // The person's mailbox is named by their INS, and the ANS feeds the DMP under a qualified INS only.
                decision = SharingDecision.Deny(
                    SharingDenial.InsNotQualified,
                    "the person's own space is reached by their qualified INS only: this document's identity is not qualified, or lacks an INS trait (birth place, sex)",
                    decision.PolicyVersion);
            }

            var id = Guid.CreateVersion7();
            if (decision.Permitted)
            {
                deliveries.Add(new NewDelivery(id, recipientId, recipient.Channel.ToString(), DeliveryStatus.Pending, decision.LegalBasis, null, decision.Document!.Json) { Address = address, PolicyVersion = decision.PolicyVersion });
            }
            else
            {
                deliveries.Add(new NewDelivery(id, recipientId, recipient.Channel.ToString(), DeliveryStatus.Blocked, null, decision.Reason, null) { Address = address, PolicyVersion = decision.PolicyVersion });
                audit.Add(decisions.Audit(decision, personRef, recipientId, id, document.Kind, document.DocumentId, document.Version));
            }
        }

        return (deliveries, audit);
    }
}
