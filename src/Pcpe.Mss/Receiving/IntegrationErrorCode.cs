namespace Pcpe.Mss.Receiving;

/// <summary>ANS integration error codes carried by error MDNs (guide LPS→MSS).</summary>
public enum IntegrationErrorCode
{
    /// <summary>900 — wrong document version.</summary>
    WrongDocumentVersion = 900,
    /// <summary>901 — author not authorised.</summary>
    AuthorNotAuthorised = 901,
    /// <summary>902 — patient unknown.</summary>
    PatientUnknown = 902,
    /// <summary>903 — no INS.</summary>
    NoIns = 903,
    /// <summary>904 — INS does not match.</summary>
    InsMismatch = 904,
    /// <summary>905 — INS incomplete.</summary>
    InsIncomplete = 905,
    /// <summary>906 — other.</summary>
    Other = 906,
}
