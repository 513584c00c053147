using Hl7.Fhir.Model;
using Pcpe.Fhir.Identity;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Terminology;

namespace Pcpe.Fhir.Sharing;

/// <summary>A consent as the registry keeps it: standalone (patient and structure by identifier), one version.</summary>
/// <param name="Identifier">Its business identifier value: what a new version keeps.</param>
/// <param name="Kind"><see cref="ConsentRecords.Disclosure"/>, <see cref="ConsentRecords.CareTeamSharing"/> or <see cref="ConsentRecords.DmpFeeding"/>.</param>
/// <param name="StructureFiness">The structure that recorded it.</param>
/// <param name="Resource">The FHIR Consent.</param>
public sealed record ConsentRecord(string Identifier, string Kind, string StructureFiness, Consent Resource);

/// <summary>What the registry needs, both ways: consents out of a pushed bundle, and decision inputs out of stored versions.</summary>
public static class ConsentRecords
{
    public const string Disclosure = "disclosure";
    public const string CareTeamSharing = "care-team-sharing";
    public const string DmpFeeding = "dmp-feeding";

    /// <summary>The identifier under which a structure's care-team sharing record is kept (one per person and structure).</summary>
    public static string CareTeamSharingIdentifier(string structureFiness) => $"{structureFiness}/care-team-sharing";

    /// <summary>The identifier under which the person's choices for their DMP, as a structure recorded them, are kept.</summary>
    public static string DmpFeedingIdentifier(string structureFiness) => $"{structureFiness}/dmp-feeding";

    // A structure's care-team and DMP records are one each per person: their identifiers are the structure's; a
    // disclosure consent keeps the DUI's.
    private static string RegistryIdentifier(string kind, string structureFiness, Consent consent) => kind switch
    {
        CareTeamSharing => CareTeamSharingIdentifier(structureFiness),
        DmpFeeding => DmpFeedingIdentifier(structureFiness),
        _ => consent.Identifier.FirstOrDefault()?.Value ?? string.Empty,
    };

    /// <summary>The profile a consent of this kind conforms to.</summary>
    public static string ProfileOf(string kind) => kind switch
    {
        Disclosure => Terminology.GatewayProfiles.DisclosureConsent,
        DmpFeeding => Terminology.GatewayProfiles.DmpConsent,
        _ => Terminology.GatewayProfiles.SharingConsent,
    };

    /// <summary>Why a disclosure consent may not be called <see cref="CareTeamSharing"/> or <see cref="DmpFeeding"/>: it would be kept
    /// as a new version of the structure's record of that name, and replace an opposition or the person's information with consent terms.</summary>
    public const string ReservedIdentifier = "care-team-sharing names the structure's care-team sharing record (information and opposition), and dmp-feeding its record of the person's choices for their DMP; a disclosure consent needs another identifier";

    /// <summary>
    /// The consents a mapped bundle records, made standalone: the patient referenced by its INS (or
    /// local identifier), the structure by its FINESS, so each stands alone in the registry's history.
    /// </summary>
    public static IReadOnlyList<ConsentRecord> FromBundle(Bundle bundle, string structureFiness)
    {
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault();
        var person = patient is null ? null : PersonReference(patient.Identifier);
        var records = new List<ConsentRecord>();
        foreach (var consent in bundle.Entry.Select(e => e.Resource).OfType<Consent>())
        {
            if (KindOf(consent) is not { } kind)
            {
                continue;
            }

            var copy = (Consent)consent.DeepCopy();
            copy.Patient = person;
            copy.Organization = [StructureReference(structureFiness)];
            var identifier = RegistryIdentifier(kind, structureFiness, consent);
            records.Add(new ConsentRecord(identifier, kind, structureFiness, copy));
        }

        return records;
    }

    /// <summary>The status the registry lists a consent version under.</summary>
    public static string StatusOf(ConsentRecord consent) => consent.Kind switch
    {
        CareTeamSharing => consent.Resource.Provision?.Type == Consent.ConsentProvisionType.Deny ? "opposition"
            : consent.Resource.Status == Consent.ConsentState.Active ? "informed" : "not-informed",
        DmpFeeding => consent.Resource.Provision?.Type == Consent.ConsentProvisionType.Deny ? "dmp-opposition" : "dmp-feeding",
        _ => consent.Resource.Status switch
        {
            Consent.ConsentState.Active => "active",
            Consent.ConsentState.Inactive => "withdrawn",
            _ => "entered-in-error",
        },
    };

    /// <summary>Which registry record a Consent is, by its category; null for other consents (plan agreement…).</summary>
    public static string? KindOf(Consent consent)
        => DisclosureConsentReader.IsDisclosureConsent(consent) ? Disclosure
            : DisclosureConsentReader.IsCareTeamSharing(consent) ? CareTeamSharing
            : DisclosureConsentReader.IsDmpFeeding(consent) ? DmpFeeding
            : null;

    /// <summary>A reference to a structure by FINESS.</summary>
    public static ResourceReference StructureReference(string finess)
        => new() { Type = "Organization", Identifier = new Identifier(Identity.FrenchIdentifierSystems.Finess, finess) };

    /// <summary>A reference to the person by INS when the Patient carries one, else by local identifier.</summary>
    public static ResourceReference? PersonReference(IEnumerable<Identifier> identifiers)
    {
        var list = identifiers.ToList();
        var chosen = list.FirstOrDefault(i => Identity.InsNumber.KindOfOid(i.System) is not null)
                     ?? list.FirstOrDefault(i => i.System == Identity.FrenchIdentifierSystems.LocalUsager);
        return chosen is null ? null : new ResourceReference { Type = "Patient", Identifier = new Identifier(chosen.System, chosen.Value) };
    }

    /// <summary>
    /// Turns the terms of the latest version of each of a person's consents into decision inputs for a document of
    /// <paramref name="structureFiness"/>: information and opposition (the structure's own record;
    /// an opposition recorded by any structure counts), the emergency flag of the document itself, and
    /// every disclosure consent; for the DMP, an opposition recorded by any structure, and the visibility the
    /// structure itself recorded. A stored version that no longer reads has no terms: skipped, never trusted.
    /// </summary>
    public static (SharingPreferences CareTeam, IReadOnlyList<DisclosureConsent> Consents) ToDecisionInputs(
        IEnumerable<ConsentTerms> latest, string structureFiness, bool emergency)
    {
        var informed = false;
        var opposition = false;
        var dmpOpposition = false;
        DmpChoices? dmp = null;
        var consents = new List<DisclosureConsent>();
        foreach (var terms in latest)
        {
            if (terms.Dmp is { } choices)
            {
                dmpOpposition |= choices.Opposition;
                if (terms.StructureFiness == structureFiness)
                {
                    dmp = choices;
                }
            }
            else if (terms.Kind == CareTeamSharing)
            {
                opposition |= terms.Opposition;
                if (terms.StructureFiness == structureFiness)
                {
                    informed = terms.Informed;
                }
            }
            else if (terms.Disclosure is { } consent)
            {
                consents.Add(consent);
            }
        }

        if (dmpOpposition)
        {
            dmp = (dmp ?? new DmpChoices()) with { Opposition = true };
        }

        return (new SharingPreferences { PersonInformed = informed, Opposition = opposition, Emergency = emergency, Dmp = dmp }, consents);
    }

    /// <summary>
    /// Checks a Consent posted on its own (<c>POST /fhir/Consent</c>) and says whose it is: the person's
    /// key from <c>patient.identifier</c> and the structure from <c>organization.identifier</c>.
    /// </summary>
    public static ConsentRecord? FromStandalone(Consent consent, ValidationPolicy policy, List<InputIssue> issues, out string? personKey)
    {
        var id = consent.Patient?.Identifier;
        personKey = id is null ? null : PersonKeys.Of([id]);
        if (personKey is null)
        {
            issues.Add(new("Consent.patient.identifier", "name the person by INS (urn:oid:1.2.250.1.213.1.4.8 or .9) or by TDDUI local identifier", InputIssueKind.Required));
        }
        else if (InsNumber.KindOfOid(id!.System) is { } insKind)
        {
            // The same INS checks as in a pushed document: a consent filed under a mistyped INS would bind nobody.
            if (InsNumber.Check(id.Value) is { } problem)
            {
                issues.Add(new("Consent.patient.identifier.value", problem, InputIssueKind.Invalid));
            }

            if (insKind is InsKind.TestNir or InsKind.DemoNir && !policy.AcceptTestIdentities)
            {
                issues.Add(new("Consent.patient.identifier.system", "test and demonstration INS are refused by this gateway", InputIssueKind.Invalid));
            }
        }

        var finess = consent.Organization.FirstOrDefault()?.Identifier is { System: Identity.FrenchIdentifierSystems.Finess } org ? org.Value : null;
        if (finess is null || Identity.FinessNumber.Check(finess) is not null)
        {
            issues.Add(new("Consent.organization[0].identifier", "name the structure that records the consent by a valid FINESS", InputIssueKind.Required));
            return null;
        }

        var kind = KindOf(consent);
        if (kind is null)
        {
            issues.Add(new("Consent.category", $"category must be disclosure-consent, care-team-sharing or dmp-feeding of {CodeSystems.Concepts}", InputIssueKind.Invalid));
            return null;
        }

        if (kind == Disclosure)
        {
            DisclosureConsentReader.Read(consent, finess, "Consent", issues);
        }
        else if (kind == DmpFeeding)
        {
            if (consent.Status != Consent.ConsentState.Active || consent.Provision?.Type is null)
            {
                issues.Add(new("Consent.status", "the choices for the DMP are active, with a provision permit, or deny for an opposition", InputIssueKind.Invalid));
            }

            foreach (var (label, i) in (consent.Provision?.SecurityLabel ?? []).Select((l, i) => (l, i)))
            {
                if (label.System != CodeSystems.DmpVisibility || DmpVisibilityCodes.Display(label.Code) is null)
                {
                    issues.Add(new($"Consent.provision.securityLabel[{i}]", $"a visibility is one of MASQUE_PS, INVISIBLE_PATIENT, INVISIBLE_REPRESENTANTS_LEGAUX of {CodeSystems.DmpVisibility}", InputIssueKind.Invalid));
                }
            }
        }
        else if (consent.Status is not (Consent.ConsentState.Active or Consent.ConsentState.Proposed) || consent.Provision?.Type is null)
        {
            issues.Add(new("Consent.status", "a care-team sharing record is active (informed) or proposed (not yet), with a provision permit or deny (opposition)", InputIssueKind.Invalid));
        }

        var identifier = RegistryIdentifier(kind, finess, consent);
        if (kind == Disclosure && !identifier.StartsWith(finess + "/", StringComparison.Ordinal))
        {
            identifier = DisclosureConsents.IdentifierOf(finess, identifier);
        }

        if (kind == Disclosure && (identifier == CareTeamSharingIdentifier(finess) || identifier == DmpFeedingIdentifier(finess)))
        {
            issues.Add(new("Consent.identifier[0].value", ReservedIdentifier, InputIssueKind.BusinessRule));
        }

        if (issues.Count > 0 || personKey is null)
        {
            return null;
        }

        return new ConsentRecord(identifier, kind, finess, consent);
    }
}
