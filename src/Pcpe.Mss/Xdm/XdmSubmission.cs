namespace Pcpe.Mss.Xdm;

/// <summary>What an IHE_XDM.ZIP carries: a submission set about one patient and its documents.</summary>
public sealed record XdmSubmission
{
    /// <summary>Patient id in CX form, e.g. <c>295109912611193^^^&amp;1.2.250.1.213.1.4.8&amp;ISO</c>.</summary>
    public required string PatientId { get; init; }

    /// <summary>The person as PID fields (PID-5 name, PID-7 birth date, PID-8 sex), for receivers that match on them.</summary>
    public IReadOnlyList<string> SourcePatientInfo { get; init; } = [];

    /// <summary>Globally unique OID of the submission set.</summary>
    public required string UniqueId { get; init; }

    /// <summary>OID of the sending system (SubmissionSet.sourceId).</summary>
    public required string SourceId { get; init; }

    /// <summary>Author institution as an XON, e.g. <c>PCPE Hérault^^^^^&amp;1.2.250.1.71.4.2.2&amp;ISO^IDNST^^^1340000017</c>.</summary>
    public required string AuthorInstitution { get; init; }

    public required XdmCode ContentTypeCode { get; init; }

    public required DateTimeOffset SubmissionTime { get; init; }

    public required IReadOnlyList<XdmDocument> Documents { get; init; }

    /// <summary>Builds a CX patient id from an INS and its OID.</summary>
    public static string PatientIdFromIns(string ins, string oid) => $"{ins}^^^&{oid}&ISO";
}
