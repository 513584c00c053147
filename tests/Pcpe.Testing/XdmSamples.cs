using Pcpe.Mss.Xdm;

namespace Pcpe.Testing;

/// <summary>XDM submissions and documents with plausible CI-SIS codes, for tests and benchmarks.</summary>
public static class XdmSamples
{
    public static XdmDocument Document(byte[] content, string mimeType = "application/fhir+json", string extension = "JSN", string uniqueId = "2.25.5678") => new()
    {
        Content = content,
        MimeType = mimeType,
        Extension = extension,
        Title = "Projet personnalisé",
        UniqueId = uniqueId,
        ClassCode = new("11", "1.2.250.1.213.1.1.4.1", "Synthèse"),
        TypeCode = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note"),
        FormatCode = new("urn:ihe:iti:xds:2017:mimeTypeSufficient", "1.3.6.1.4.1.19376.1.2.3", "MIME"),
        HealthcareFacilityTypeCode = new("SA07", "1.2.250.1.71.4.2.4", "ESMS"),
        PracticeSettingCode = new("ETABLISSEMENT", "1.2.250.1.213.1.1.4.9", "Etablissement"),
        ConfidentialityCode = new("N", "2.16.840.1.113883.5.25", "Normal"),
        CreationTime = DateTimeOffset.UnixEpoch,
    };

    public static XdmSubmission Submission(string ins, string insOid, params XdmDocument[] documents) => new()
    {
        PatientId = XdmSubmission.PatientIdFromIns(ins, insOid),
        UniqueId = "2.25.42",
        SourceId = "2.25.1",
        AuthorInstitution = "PCPE test^^^^^&1.2.250.1.71.4.2.2&ISO^IDNST^^^1340000017",
        ContentTypeCode = new("18776-5", "2.16.840.1.113883.6.1", "Plan of care note"),
        SubmissionTime = DateTimeOffset.UnixEpoch,
        Documents = documents,
    };
}
