namespace Pcpe.Fhir.Sharing;

/// <summary>Why a document may not go to a recipient; each has words for operators in <see cref="SharingDecision.Reason"/>.</summary>
public enum SharingDenial
{
    /// <summary>The recipient does not resolve to an identity and an R1110-2 category.</summary>
    RecipientUnknown,
    /// <summary>The minimisation policy has no rule for the recipient's category: it receives nothing.</summary>
    CategoryNotInPolicy,
    /// <summary>The category may not receive this class of data at all.</summary>
    DataClassExcluded,
    /// <summary>The person opposed sharing.</summary>
    Opposition,
    /// <summary>A consent in force refuses this recipient or this data.</summary>
    ConsentRefuses,
    /// <summary>A care-team member, but no record that the person was informed.</summary>
    NotInformed,
    /// <summary>Outside the care team, no consent and no emergency.</summary>
    NoLegalBasis,
    /// <summary>The person opposed their documents being added to their DMP.</summary>
    DmpOpposition,
    /// <summary>The document is not to be seen by the person: never sent to their mailbox.</summary>
    InvisibleToPerson,
    /// <summary>The document is not to be seen by the person's legal representatives, who may read the person's mailbox.</summary>
    InvisibleToLegalRepresentatives,
    /// <summary>The address a document names is not one the national directory lists for its destination.</summary>
    AddressNotTheDestinations,
    /// <summary>The person's space is reached by their qualified INS only, and the document carries none.</summary>
    InsNotQualified,
}
