using Pcpe.Gateway.Domain;

namespace Pcpe.Gateway.Store;

/// <summary>Delivery states as SQL literals, so that every query names the states of <see cref="DeliveryLifecycle"/>.</summary>
internal static class StatusSql
{
    /// <summary><c>'Pending'</c>.</summary>
    public static string Of(DeliveryStatus status) => $"'{status}'";

    /// <summary><c>('Pending', 'RetryScheduled')</c>.</summary>
    public static string In(IEnumerable<DeliveryStatus> statuses) => $"({string.Join(", ", statuses.Select(Of))})";
}
