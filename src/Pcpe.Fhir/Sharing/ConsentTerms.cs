using Hl7.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// What a sharing decision reads from one recorded consent: for a structure's care-team sharing record,
/// whether it is an opposition and whether the person was informed; for a disclosure consent, its terms.
/// Read once from the FHIR Consent and far smaller than it, so a gateway can keep many between decisions.
/// Periods are kept as recorded and weighed against the day of each decision.
/// </summary>
/// <param name="Identifier">The consent's business identifier: a newer version under it replaces this one.</param>
/// <param name="Kind"><see cref="ConsentRecords.Disclosure"/>, <see cref="ConsentRecords.CareTeamSharing"/> or <see cref="ConsentRecords.DmpFeeding"/>.</param>
/// <param name="StructureFiness">The structure that recorded it.</param>
/// <param name="Opposition">A care-team sharing record that opposes sharing.</param>
/// <param name="Informed">A care-team sharing record saying the person was informed.</param>
/// <param name="Disclosure">A disclosure consent's terms; null when it no longer reads (skipped, never trusted).</param>
public sealed record ConsentTerms(string Identifier, string Kind, string StructureFiness, bool Opposition, bool Informed, DisclosureConsent? Disclosure)
{
    /// <summary>The person's choices for their DMP, for a record of that kind.</summary>
    public Model.DmpChoices? Dmp { get; init; }

    /// <summary>
    /// Whether recording these terms can only widen what may be shared, whatever version they replace: a structure's
    /// care-team sharing record of an informed person who does not oppose. <see cref="SharingPolicy"/> refuses on an
    /// opposition, and within the care team on an uninformed person, never because a person was informed; and what such
    /// a record replaces is the same structure's care-team record (its identifier is reserved to it,
    /// <see cref="ConsentRecords.ReservedIdentifier"/>). So no delivery already permitted loses its basis.
    /// </summary>
    public bool OnlyWidens => Kind == ConsentRecords.CareTeamSharing && Informed && !Opposition;

    /// <summary>The terms of one consent.</summary>
    public static ConsentTerms Of(ConsentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Kind == ConsentRecords.DmpFeeding)
        {
            return new(record.Identifier, record.Kind, record.StructureFiness, false, false, null) { Dmp = DisclosureConsentReader.DmpChoicesOf(record.Resource) };
        }

        return record.Kind == ConsentRecords.CareTeamSharing
            ? new(record.Identifier, record.Kind, record.StructureFiness, record.Resource.Provision?.Type == Consent.ConsentProvisionType.Deny, record.Resource.Status == Consent.ConsentState.Active, null)
            : new(record.Identifier, record.Kind, record.StructureFiness, false, false,
                DisclosureConsentReader.Read(record.Resource, record.StructureFiness, "Consent", []) is { } consent ? DisclosureConsents.From(consent, record.StructureFiness) : null);
    }
}
