using Pcpe.Gateway.Configuration;
using Pcpe.Gateway.Domain;
using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Delivery;

/// <summary>Sends one leased delivery to one recipient over one kind of transport.</summary>
public interface IDeliveryChannel
{
    RecipientChannel Channel { get; }

    Task<SendResult> SendAsync(LeasedDelivery delivery, string recipientId, RecipientOptions recipient, CancellationToken cancellationToken);
}
