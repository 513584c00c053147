namespace Pcpe.Fhir.Sharing;

/// <summary>
/// Who a recipient is under CSP R1110-2, or the kind of organisation it is. Anyone outside these
/// categories receives nothing (R1110-2: "anyone else receives nothing").
/// </summary>
public enum RecipientCategory
{
    /// <summary>Not resolved: receives nothing.</summary>
    Unknown,
    /// <summary>R1110-2 1°: a health professional (CSP part IV).</summary>
    HealthProfessional,
    /// <summary>A health establishment (hospital), reached through its professionals' mailboxes.</summary>
    HealthEstablishment,
    /// <summary>R1110-2 2° (a): social worker.</summary>
    SocialWorker,
    /// <summary>R1110-2 2° (b): psychologist, psychotherapist, osteopath, chiropractor, AMP/AES.</summary>
    Psychologist,
    /// <summary>R1110-2 2° (c): assistant maternel or familial.</summary>
    ChildminderOrFosterCarer,
    /// <summary>R1110-2 2° (d): educator, family aide.</summary>
    Educator,
    /// <summary>R1110-2 2° (e): a person hosting an elderly or disabled person.</summary>
    HostFamily,
    /// <summary>R1110-2 2° (f): court-appointed guardian (MJPM).</summary>
    LegalGuardian,
    /// <summary>R1110-2 2° (g): non-health staff of an ESSMS.</summary>
    EssmsStaff,
    /// <summary>R1110-2 2° (i): APA assessment team.</summary>
    ApaAssessmentTeam,
    /// <summary>R1110-2 2° (j): coordination support scheme (DAC) staff and e-parcours platforms.</summary>
    CoordinationPlatform,
    /// <summary>Another ESSMS's DUI.</summary>
    EssmsInformationSystem,
    /// <summary>The person's own space (Mon espace santé, their DMP), reached through their MSSanté mailbox: fed
    /// under CSP L1111-15 save the person's opposition, never outside the care team's rules of R1110-2.</summary>
    PersonDmp,
}
