namespace Pcpe.Fhir.Terminology;

/// <summary>Canonical URLs of the gateway's StructureDefinitions (profiles/structuredefinitions).</summary>
public static class GatewayProfiles
{
    private const string Sd = CodeSystems.GatewayBase + "/StructureDefinition/";

    public const string Patient = Sd + "pcpe-patient";
    public const string Organization = Sd + "pcpe-organization";
    public const string Practitioner = Sd + "pcpe-practitioner";
    public const string PractitionerRole = Sd + "pcpe-practitioner-role";
    public const string RelatedPerson = Sd + "pcpe-related-person";
    public const string CareTeam = Sd + "pcpe-careteam";
    public const string SupportPlan = Sd + "pcpe-careplan-projet-personnalise";
    public const string TransitionPlan = Sd + "pcpe-careplan-transition";
    public const string Need = Sd + "pcpe-servicerequest-need";
    public const string Goal = Sd + "pcpe-goal";
    public const string DirectService = Sd + "pcpe-task-service";
    public const string AssessmentPanel = Sd + "pcpe-observation-panel";
    public const string Finding = Sd + "pcpe-observation-finding";
    public const string AssessedNeed = Sd + "pcpe-observation-need";
    public const string AssessmentNote = Sd + "pcpe-observation-note";
    public const string CdaphDecision = Sd + "pcpe-basic-cdaph";
    public const string PlanAgreement = Sd + "pcpe-consent-agreement";
    public const string SharingConsent = Sd + "pcpe-consent-sharing";
    public const string DmpConsent = Sd + "pcpe-consent-dmp";
    public const string DisclosureConsent = Sd + "pcpe-consent-disclosure";
    public const string Report = Sd + "pcpe-documentreference-report";
    public const string Provenance = Sd + "pcpe-provenance";
    public const string Composition = Sd + "pcpe-composition";

    public const string DocumentVersion = Sd + "pcpe-document-version";
    public const string ReviewDate = Sd + "pcpe-review-date";
    public const string BasedOnPeriod = Sd + "pcpe-based-on-period";
    public const string FollowUpUntil = Sd + "pcpe-follow-up-until";
    public const string CdaphValidity = Sd + "pcpe-cdaph-validity";
    public const string OriginKind = Sd + "pcpe-transition-origin-kind";
    public const string OriginPlace = Sd + "pcpe-transition-origin-place";
    public const string DestinationKind = Sd + "pcpe-transition-destination-kind";
    public const string DestinationPlace = Sd + "pcpe-transition-destination-place";
    public const string FacilitatingFactor = Sd + "pcpe-facilitating-factor";
    public const string Obstacle = Sd + "pcpe-obstacle";
    public const string HandoverCommunication = Sd + "pcpe-handover-communication";
    public const string HandoverHabits = Sd + "pcpe-handover-habits";
    public const string HandoverRisks = Sd + "pcpe-handover-risks";

    /// <summary>R4's extension for what an event rests on: an assessment's CDAPH decision.</summary>
    public const string WorkflowSupportingInfo = "http://hl7.org/fhir/StructureDefinition/workflow-supportingInfo";
}
