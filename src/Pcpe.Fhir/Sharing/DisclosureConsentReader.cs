using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Sharing;

/// <summary>
/// FHIR → PCPE for a disclosure consent (profile pcpe-consent-disclosure): the form the consent
/// registry, <c>POST /fhir/Consent</c> and pushed bundles share. Problems carry FHIRPath locations and
/// never quote the values sent.
/// </summary>
public static class DisclosureConsentReader
{
    /// <summary>True when this Consent is a disclosure consent (by its category).</summary>
    public static bool IsDisclosureConsent(Consent consent)
        => consent.Category.Any(c => c.Coding.Any(x => x.System == CodeSystems.Concepts && x.Code == "disclosure-consent"));

    /// <summary>True when this Consent records information and opposition within the care team.</summary>
    public static bool IsCareTeamSharing(Consent consent)
        => consent.Category.Any(c => c.Coding.Any(x => x.System == CodeSystems.Concepts && x.Code == "care-team-sharing"));

    /// <summary>True when this Consent records the person's choices for their own space (the DMP).</summary>
    public static bool IsDmpFeeding(Consent consent)
        => consent.Category.Any(c => c.Coding.Any(x => x.System == CodeSystems.Concepts && x.Code == "dmp-feeding"));

    /// <summary>The choices a DMP Consent records: an opposition (provision deny) and the visibility codes.</summary>
    public static DmpChoices DmpChoicesOf(Consent consent)
        => DmpVisibilityCodes.From(
            consent.Provision?.Type == Consent.ConsentProvisionType.Deny,
            consent.Provision?.SecurityLabel.Where(l => l.System == CodeSystems.DmpVisibility).Select(l => l.Code) ?? []);

    /// <summary>
    /// Reads the consent as a structure recorded it; <paramref name="structureFiness"/> strips the
    /// structure's prefix from the identifier. Null, with the reasons in <paramref name="issues"/>, when unreadable.
    /// </summary>
    public static PersonConsent? Read(Consent consent, string structureFiness, string at, List<InputIssue> issues)
    {
        var before = issues.Count;
        var identifier = consent.Identifier.FirstOrDefault()?.Value;
        if (string.IsNullOrEmpty(identifier))
        {
            issues.Add(new($"{at}.identifier", "a consent needs an identifier (a new version keeps it)", InputIssueKind.Required));
        }

        var prefix = structureFiness + "/";
        var id = identifier is not null && identifier.StartsWith(prefix, StringComparison.Ordinal) ? identifier[prefix.Length..] : identifier;
        var status = consent.Status switch
        {
            Consent.ConsentState.Active => "active",
            Consent.ConsentState.Inactive => "withdrawn",
            _ => null,
        };
        if (status is null)
        {
            issues.Add(new($"{at}.status", "status must be active or inactive (withdrawn)", InputIssueKind.Invalid));
        }

        var date = FhirDates.Parse(consent.DateTime);
        if (date is null)
        {
            issues.Add(new($"{at}.dateTime", "when the person gave or changed the consent is required", InputIssueKind.Required));
        }

        var root = consent.Provision;
        if (root is null || root.Type != Consent.ConsentProvisionType.Deny)
        {
            issues.Add(new($"{at}.provision.type", "the root provision is deny (nothing leaves the care team without a permit); permits go in nested provisions", InputIssueKind.Invalid));
        }
        else if (root.Actor.Count > 0 || root.Class.Count > 0)
        {
            issues.Add(new($"{at}.provision", "the root provision names no actor or class; nested provisions do", InputIssueKind.Invalid));
        }

        var provisions = new List<PersonConsentProvision>();
        for (var i = 0; root is not null && i < root.Provision.Count; i++)
        {
            if (ReadProvision(root.Provision[i], $"{at}.provision.provision[{i}]", issues) is { } provision)
            {
                provisions.Add(provision);
            }
        }

        if (root is not null && root.Provision.Count == 0)
        {
            issues.Add(new($"{at}.provision.provision", "a consent says what it permits or denies: at least one nested provision", InputIssueKind.Required));
        }

        if (issues.Count > before)
        {
            return null;
        }

        return new PersonConsent
        {
            Id = id!,
            Status = status!,
            Date = date!.Value,
            Period = FhirDates.FromPeriod(root!.Period),
            Provisions = provisions,
        };
    }

    private static PersonConsentProvision? ReadProvision(Consent.provisionComponent provision, string at, List<InputIssue> issues)
    {
        var before = issues.Count;
        if (provision.Type is null)
        {
            issues.Add(new($"{at}.type", "permit or deny is required", InputIssueKind.Required));
        }

        if (provision.Provision.Count > 0)
        {
            issues.Add(new($"{at}.provision", "provisions nest one level only", InputIssueKind.Invalid));
        }

        var recipients = new List<string>();
        var categories = new List<string>();
        for (var i = 0; i < provision.Actor.Count; i++)
        {
            var identifier = provision.Actor[i].Reference?.Identifier;
            var value = identifier?.Value ?? string.Empty;
            switch (identifier?.System)
            {
                case FrenchIdentifierSystems.Finess when FinessNumber.Check(value) is null:
                    recipients.Add("finess:" + value);
                    break;
                case FrenchIdentifierSystems.Rpps when RppsNumber.Check(value) is null:
                    recipients.Add("rpps:" + value);
                    break;
                case CodeSystems.RecipientCategory when RecipientCategories.Parse(value) is { } category && category != RecipientCategory.Unknown:
                    categories.Add(value);
                    break;
                default:
                    issues.Add(new($"{at}.actor[{i}].reference.identifier", "name a recipient by a valid FINESS or RPPS identifier, or a category by a Group identified in CodeSystem pcpe-recipient-category", InputIssueKind.Invalid));
                    break;
            }
        }

        var classes = new List<string>();
        for (var i = 0; i < provision.Class.Count; i++)
        {
            var coding = provision.Class[i];
            if (coding.System == CodeSystems.DataClass && DataClasses.Parse(coding.Code) is not null && coding.Code is { } code)
            {
                classes.Add(code);
            }
            else
            {
                issues.Add(new($"{at}.class[{i}]", "unknown code: expected a data class of CodeSystem pcpe-data-class", InputIssueKind.UnknownCode));
            }
        }

        return issues.Count > before
            ? null
            : new PersonConsentProvision
            {
                Decision = provision.Type == Consent.ConsentProvisionType.Permit ? "permit" : "deny",
                Recipients = recipients,
                Categories = categories,
                DataClasses = classes,
                Period = FhirDates.FromPeriod(provision.Period),
            };
    }
}
