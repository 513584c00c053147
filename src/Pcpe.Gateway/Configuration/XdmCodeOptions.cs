using Pcpe.Mss.Xdm;

namespace Pcpe.Gateway.Configuration;

/// <summary>
/// XDS codes written in METADATA.XML for documents sent to hospitals (<c>Gateway:Mss:Xdm</c>).
/// Defaults follow the CI-SIS value sets as far as we could verify them; check class, facility type
/// and practice setting against the current JDV_J06/J02/J04 with your MSSanté operator.
/// </summary>
public sealed class XdmCodeOptions
{
    public XdmCode ClassCode { get; set; } = new("11", "1.2.250.1.213.1.1.4.1", "Synthèse");

    public XdmCode TypeCode { get; set; } = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note");

    public XdmCode FormatCode { get; set; } = new("urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "Format issu du type MIME");

    public XdmCode HealthcareFacilityTypeCode { get; set; } = new("SA07", "1.2.250.1.71.4.2.4", "Etablissement social ou médico-social");

    public XdmCode PracticeSettingCode { get; set; } = new("ETABLISSEMENT", "1.2.250.1.213.1.1.4.9", "Etablissement de santé");

    public XdmCode ConfidentialityCode { get; set; } = new("N", "2.16.840.1.113883.5.25", "Normal");

    public XdmCode ContentTypeCode { get; set; } = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note");
}
