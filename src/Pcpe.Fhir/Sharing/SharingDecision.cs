namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The outcome of deciding whether one document may go to one recipient: a permit with its legal
/// basis and the document minimised for that recipient, or a denial with its reason. Both are
/// recorded; nothing is sent without a permit.
/// </summary>
public sealed record SharingDecision
{
    private SharingDecision(bool permitted, string? legalBasis, SharingDenial? denial, string? reason, string policyVersion)
    {
        Permitted = permitted;
        LegalBasis = legalBasis;
        Denial = denial;
        Reason = reason;
        PolicyVersion = policyVersion;
    }

    public bool Permitted { get; }

    /// <summary>
    /// Why sending is lawful: <c>care-team:L1110-12</c>, <c>consent:{consent identifier}</c> or
    /// <c>emergency:R1110-3</c>.
    /// </summary>
    public string? LegalBasis { get; }

    /// <summary>Why sending is refused, as a code.</summary>
    public SharingDenial? Denial { get; }

    /// <summary>Why sending is refused, in words an operator understands (no personal data).</summary>
    public string? Reason { get; }

    /// <summary>Version of the minimisation policy the decision was taken under.</summary>
    public string PolicyVersion { get; }

    /// <summary>What the recipient receives, when permitted and a document was given.</summary>
    public MinimisedBundle? Document { get; init; }

    public static SharingDecision Permit(string legalBasis, string policyVersion) => new(true, legalBasis, null, null, policyVersion);

    public static SharingDecision Deny(SharingDenial denial, string reason, string policyVersion) => new(false, null, denial, reason, policyVersion);
}
