using Pcpe.Fhir.Sharing;

namespace Pcpe.Gateway.Configuration;

/// <summary>One recipient (<c>Gateway:Recipients:{id}</c>).</summary>
public sealed class RecipientOptions
{
    public RecipientChannel Channel { get; set; }

    /// <summary>FHIR base URL, for <see cref="RecipientChannel.FhirRest"/>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>How entries are addressed to a FHIR REST receiver: conditional updates unless it assigns the ids.</summary>
    public FhirRelayMode Relay { get; set; } = FhirRelayMode.ConditionalUpdate;

    /// <summary>MSSanté address, for <see cref="RecipientChannel.MsSante"/>.</summary>
    public string? Address { get; set; }

    /// <summary>MSSanté: the FHIR document Bundle also travels in IHE_XDM.ZIP, as a second document beside the CDA,
    /// for a receiver that integrates FHIR.</summary>
    public bool AttachFhirBundle { get; set; }

    /// <summary>Who the recipient is (R1110-2 category or organisation kind); Unknown receives nothing. A
    /// <see cref="RecipientChannel.Dmp"/> recipient is <see cref="RecipientCategory.PersonDmp"/> without saying so.</summary>
    public RecipientCategory Category { get; set; } = RecipientCategory.Unknown;

    /// <summary>FINESS of the structures whose care team (L1110-12) this recipient belongs to, for every person they support.</summary>
    public List<string> CareTeamOf { get; set; } = [];

    /// <summary>
    /// FINESS of the establishment this recipient is: how consents name it, and how a document naming it
    /// (a partner ESMS delivering a service, a transition's destination) puts it in that person's care team.
    /// </summary>
    public string? Finess { get; set; }

    /// <summary>RPPS of the professional this recipient is (same uses as <see cref="Finess"/>).</summary>
    public string? Rpps { get; set; }

    /// <summary>
    /// This recipient stands for the destination each transition plan names: an MSSanté recipient
    /// without a configured Address, whose address is the plan's <c>to.mssAddress</c>. The destination
    /// counts in the care team of the structure that hands the person over to it.
    /// </summary>
    public bool TransitionDestination { get; set; }

    /// <summary>
    /// Sends to this recipient in flight at once, per gateway instance; unset, <see cref="DeliveryOptions.MaxParallelSendsPerRecipient"/>.
    /// Lower it for a receiver that cannot take many requests at a time.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int? MaxParallelSends { get; set; }

    /// <summary>Whether this recipient is reached by mail (MSSanté, or the person's own mailbox).</summary>
    public bool SendsMail => Channel is RecipientChannel.MsSante or RecipientChannel.Dmp;

    /// <summary>Human name shown to operators.</summary>
    public string? DisplayName { get; set; }
}
