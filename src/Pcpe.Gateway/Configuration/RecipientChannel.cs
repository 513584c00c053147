namespace Pcpe.Gateway.Configuration;

/// <summary>How a recipient is reached.</summary>
public enum RecipientChannel
{
    /// <summary>FHIR REST: a transaction Bundle POSTed to the recipient's base URL (e-parcours, DUI).</summary>
    FhirRest,
    /// <summary>MSSanté: a secure mail with IHE_XDM.ZIP (hospitals, professionals).</summary>
    MsSante,
    /// <summary>The person's own space (Mon espace santé, their DMP): a secure mail with IHE_XDM.ZIP to their MSSanté
    /// mailbox, named by their qualified INS (<see cref="MssGatewayOptions.PersonMailboxDomain"/>).</summary>
    Dmp,
}
