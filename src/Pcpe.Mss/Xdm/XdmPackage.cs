namespace Pcpe.Mss.Xdm;

/// <summary>What an XDM package holds once read and verified.</summary>
public sealed record XdmPackage
{
    /// <summary>Submission set patientId (CX), or the first document's when absent.</summary>
    public string? PatientId { get; init; }

    public string? SubmissionSetUniqueId { get; init; }

    public required IReadOnlyList<XdmReadDocument> Documents { get; init; }

    /// <summary>The INS and its OID, when the patientId is in CX form with an INS assigning authority.</summary>
    public (string Ins, string Oid)? Ins => PatientIdentifiers.TryParseIns(PatientId);
}
