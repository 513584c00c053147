namespace Pcpe.Fhir.Sharing;

/// <summary>
/// The outcome of deciding whether one document may go to one recipient: a permit with its legal
/// basis, or a denial with its reason. Both are recorded; nothing is sent without a permit.
/// </summary>
public sealed record SharingDecision
{
    private SharingDecision(bool permitted, string? legalBasis, string? reason)
    {
        Permitted = permitted;
        LegalBasis = legalBasis;
        Reason = reason;
    }

    public bool Permitted { get; }

    /// <summary>Why sending is lawful, e.g. <c>care-team:L1110-12</c>.</summary>
    public string? LegalBasis { get; }

    /// <summary>Why sending is refused, in words an operator understands.</summary>
    public string? Reason { get; }

    public static SharingDecision Permit(string legalBasis) => new(true, legalBasis, null);

    public static SharingDecision Deny(string reason) => new(false, null, reason);
}
