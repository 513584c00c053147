namespace Pcpe.Fhir.Model;

/// <summary>
/// What the person chose, or the structure decided, about the documents sent to the person's own space
/// (Mon espace santé, fed through their MSSanté mailbox): an opposition for a legitimate reason (CSP L1111-15)
/// and the visibility flags of the DMP (JDV_J08 codes of the CI-SIS). Absent, nothing is opposed or hidden.
/// </summary>
public sealed record DmpChoices
{
    /// <summary>The person opposed their documents being added to their DMP: nothing goes to their space.</summary>
    public bool Opposition { get; init; }

    /// <summary>The person asked that the documents be masked from the professionals who consult their DMP (MASQUE_PS).</summary>
    public bool MaskedFromProfessionals { get; init; }

    /// <summary>The documents are not to be seen by the person yet, for instance before they are explained to them
    /// (INVISIBLE_PATIENT): the ANS rules forbid sending such a document to the person's mailbox.</summary>
    public bool InvisibleToPerson { get; init; }

    /// <summary>The documents are not to be seen by the person's legal representatives (INVISIBLE_REPRESENTANTS_LEGAUX),
    /// as a minor may ask (CSP L1111-5).</summary>
    public bool InvisibleToLegalRepresentatives { get; init; }
}
