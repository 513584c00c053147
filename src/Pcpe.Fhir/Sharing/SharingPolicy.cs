using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Decides, for one document and one recipient, whether it may be shared (CSP L1110-4, L1110-12).
/// Default deny: a permit needs a resolved recipient inside the structure's care team, a person
/// who was informed, and no opposition.
/// </summary>
public static class SharingPolicy
{
    public static SharingDecision Decide(string structureFiness, SharingPreferences? preferences, RecipientProfile? recipient)
    {
        if (recipient is null || recipient.Category == RecipientCategory.Unknown)
        {
            return SharingDecision.Deny("recipient not resolved to a known identity and category");
        }

        if (preferences is { Opposition: true })
        {
            return SharingDecision.Deny("the person opposed sharing");
        }

        if (!recipient.CareTeamOfStructures.Contains(structureFiness))
        {
            return SharingDecision.Deny("recipient outside the structure's care team and no consent recorded");
        }

        if (preferences is not { PersonInformed: true })
        {
            return SharingDecision.Deny("no record that the person was informed of sharing within the care team");
        }

        return SharingDecision.Permit("care-team:L1110-12");
    }
}
