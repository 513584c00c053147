using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Model;

namespace Pcpe.Fhir.Sharing;

/// <summary>Turns a checked <see cref="PersonConsent"/> (PCPE JSON) into what the decision reads.</summary>
public static class DisclosureConsents
{
    /// <summary>The registry identifier of a consent a structure recorded: unique across structures.</summary>
    public static string IdentifierOf(string structureFiness, string consentId) => $"{structureFiness}/{consentId}";

    public static DisclosureConsent From(PersonConsent consent, string structureFiness)
        => new()
        {
            Identifier = IdentifierOf(structureFiness, consent.Id),
            Status = consent.Status == "withdrawn" ? ConsentStatus.Withdrawn : ConsentStatus.Active,
            Date = consent.Date,
            Base = ProvisionType.Deny,
            Start = consent.Period?.Start,
            End = consent.Period?.End,
            Provisions = consent.Provisions.Select(p => new ConsentProvision
            {
                Type = p.Decision == "permit" ? ProvisionType.Permit : ProvisionType.Deny,
                Start = p.Period?.Start,
                End = p.Period?.End,
                Recipients = p.Recipients,
                Categories = p.Categories.Select(c => RecipientCategories.Parse(c) ?? RecipientCategory.Unknown).ToList(),
                DataClasses = p.DataClasses.Select(c => DataClasses.Parse(c) ?? DataClass.Message).ToList(),
            }).ToList(),
        };

    /// <summary>
    /// Checks a recipient identity as a consent names it: <c>finess:</c> + 9 digits with a valid key, or
    /// <c>rpps:</c> + 11 digits with a valid key. Returns the problem, or null.
    /// </summary>
    public static string? CheckIdentity(string identity)
    {
        if (identity.StartsWith("finess:", StringComparison.Ordinal))
        {
            return FinessNumber.Check(identity["finess:".Length..]);
        }

        if (identity.StartsWith("rpps:", StringComparison.Ordinal))
        {
            return RppsNumber.Check(identity["rpps:".Length..]);
        }

        return "a recipient is named finess:NNNNNNNNN or rpps:NNNNNNNNNNN";
    }
}
