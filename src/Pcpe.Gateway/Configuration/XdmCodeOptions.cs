namespace Pcpe.Gateway.Configuration;

/// <summary>
/// How the structures the gateway sends for are described in the CDA and METADATA.XML
/// (<c>Gateway:Mss:Xdm</c>): codes only, each checked at start-up against its CI-SIS value set
/// (the display and code system come from it). The document's type, class and format codes follow
/// from the document itself.
/// </summary>
public sealed class XdmCodeOptions
{
    /// <summary>JDV_J02: SA16 "Etablissement pour personnes handicapées" for a PCPE and its ESMS.</summary>
    public string HealthcareFacilityTypeCode { get; set; } = "SA16";

    /// <summary>JDV_J04: ESSMS "Etablissement ou Service Social ou Médico-Social".</summary>
    public string PracticeSettingCode { get; set; } = "ESSMS";

    /// <summary>HL7 Confidentiality as CI-SIS allows it (N, R or V), in the CDA header and METADATA.XML.</summary>
    public string ConfidentialityCode { get; set; } = "N";
}
