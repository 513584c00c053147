using Pcpe.Gateway.Store;

namespace Pcpe.Gateway.Configuration;

/// <summary>Root of the gateway configuration (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    public StoreOptions Store { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public MssGatewayOptions Mss { get; set; } = new();

    public Dictionary<string, RecipientOptions> Recipients { get; set; } = new(StringComparer.Ordinal);

    public List<RouteOptions> Routes { get; set; } = [];

    public SharingOptions Sharing { get; set; } = new();

    /// <summary>The national directory (Annuaire Santé), for recipients and coordinators known by RPPS or FINESS.</summary>
    public DirectoryOptions Directory { get; set; } = new();

    /// <summary>The operators' console in the browser, with its sign-in.</summary>
    public ConsoleOptions Console { get; set; } = new();

    /// <summary>Accept test/demo INS OIDs. Never in production.</summary>
    public bool AcceptTestIdentities { get; set; }
}
