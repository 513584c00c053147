namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Decides, for one document and one recipient, whether it may be shared and what the recipient gets
/// (CSP L1110-4, L1110-12, R1110-1 to R1110-3). A pure function of its inputs. Default deny; in order:
/// an unresolved recipient or a category outside the policy gets nothing; opposition and any consent
/// provision refusing this recipient or data win over everything; then the care team (informed, no
/// opposition), a consent permitting it, or a flagged emergency for the categories the policy allows
/// one for is the legal basis. The person's own space (<see cref="RecipientCategory.PersonDmp"/>) is fed
/// under CSP L1111-15 unless they opposed it, and never with a document not to be seen by them.
/// </summary>
public static class SharingPolicy
{
    /// <summary>Decides and, when permitted, minimises <paramref name="bundleJson"/> for the recipient.</summary>
    public static SharingDecision Decide(SharingRequest request, MinimisationPolicy policy, byte[] bundleJson)
    {
        var decision = Decide(request, policy);
        return decision.Permitted
            ? decision with { Document = BundleMinimiser.Apply(bundleJson, policy.RuleFor(request.Recipient!.Category)!) }
            : decision;
    }

    /// <summary>Decides the legal basis only.</summary>
    public static SharingDecision Decide(SharingRequest request, MinimisationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        var version = policy.Version;
        var recipient = request.Recipient;
        if (recipient is null || recipient.Category == RecipientCategory.Unknown)
        {
            return SharingDecision.Deny(SharingDenial.RecipientUnknown, "recipient not resolved to a known identity and category", version);
        }

        if (policy.RuleFor(recipient.Category) is not { } rule)
        {
            return SharingDecision.Deny(SharingDenial.CategoryNotInPolicy, $"minimisation policy {version} has no rule for category {RecipientCategories.Code(recipient.Category)}", version);
        }

        if (!rule.DataClasses.Contains(request.DataClass))
        {
            return SharingDecision.Deny(SharingDenial.DataClassExcluded, $"category {RecipientCategories.Code(recipient.Category)} does not receive {DataClasses.Code(request.DataClass)} data (policy {version})", version);
        }

        var sharing = request.CareTeamSharing;
        if (sharing is { Opposition: true })
        {
            return SharingDecision.Deny(SharingDenial.Opposition, "the person opposed sharing", version);
        }

        if (recipient.Category == RecipientCategory.PersonDmp && sharing?.Dmp is { Opposition: true })
        {
            return SharingDecision.Deny(SharingDenial.DmpOpposition, "the person opposed their documents being added to their DMP (CSP L1111-15)", version);
        }

        DisclosureConsent? permitting = null;
        foreach (var consent in request.Consents)
        {
            switch (Verdict(consent, recipient, request.DataClass, request.Day))
            {
                case ProvisionType.Deny:
                    return SharingDecision.Deny(SharingDenial.ConsentRefuses, $"consent {consent.Identifier} refuses this recipient or these data", version);
                case ProvisionType.Permit:
                    permitting ??= consent;
                    break;
            }
        }

        if (recipient.Category == RecipientCategory.PersonDmp)
        {
            // ANS, transmission d'un document CDA R2: a document masked to the patient, or to their legal representatives,
            // is not sent to them by MSSanté; the representatives may be the ones who read the person's mailbox.
            return sharing?.Dmp switch
            {
                { InvisibleToPerson: true } => SharingDecision.Deny(SharingDenial.InvisibleToPerson, "the document is not to be seen by the person yet: it is not sent to their mailbox", version),
                { InvisibleToLegalRepresentatives: true } => SharingDecision.Deny(SharingDenial.InvisibleToLegalRepresentatives,
                    "the document is not to be seen by the person's legal representatives, who may read the person's mailbox: it is not sent there", version),
                _ => SharingDecision.Permit("dmp:L1111-15", version),
            };
        }

        var inCareTeam = recipient.CareTeam.Any(m => m.Covers(request.StructureFiness, request.Day));
        if (inCareTeam && sharing is { PersonInformed: true })
        {
            return SharingDecision.Permit("care-team:L1110-12", version);
        }

        if (permitting is not null)
        {
            return SharingDecision.Permit($"consent:{permitting.Identifier}", version);
        }

        if (sharing is { Emergency: true } && rule.EmergencyAccess)
        {
            return SharingDecision.Permit("emergency:R1110-3", version);
        }

        return inCareTeam
            ? SharingDecision.Deny(SharingDenial.NotInformed, "no record that the person was informed of sharing within the care team", version)
            : SharingDecision.Deny(SharingDenial.NoLegalBasis, "recipient outside the person's care team and no consent in force covers it", version);
    }

    // An explicit deny matching the recipient wins; an explicit permit (or a permit base with no deny)
    // is a basis; a deny base alone is the law's default outside the care team, not a refusal.
    private static ProvisionType? Verdict(DisclosureConsent consent, RecipientProfile recipient, DataClass dataClass, DateOnly day)
    {
        if (!consent.InForce(day))
        {
            return null;
        }

        var permitted = false;
        foreach (var provision in consent.Provisions)
        {
            if (!provision.Matches(recipient, dataClass, day))
            {
                continue;
            }

            if (provision.Type == ProvisionType.Deny)
            {
                return ProvisionType.Deny;
            }

            permitted = true;
        }

        return permitted || consent.Base == ProvisionType.Permit ? ProvisionType.Permit : null;
    }
}
